; WAPT agent installer - sections. Included by waptagent.iss (the define file the console rewrites).
; Written for this project from the facts in docs/agent-build.md; not derived from WAPT's scripts.
;
; Escaping: the console writes every #define value as an ISPP string literal (double quotes
; doubled). The values are then emitted here through two macros, so that no user text can be read
; as an Inno constant or break a Pascal string:
;   InnoStr(S)   for section parameters written between double quotes: "{" -> "{{", '"' -> '""'
;   SetupStr(S)  for [Setup] directives (unquoted values): "{" -> "{{"
;   PascalStr(S) for [Code]: a Pascal string literal, "'" -> "''"
#define InnoStr(str S) StringChange(StringChange(S, "{", "{{"), """", """""")
#define SetupStr(str S) StringChange(S, "{", "{{")
#define PascalStr(str S) "'" + StringChange(S, "'", "''") + "'"
; ssl\ sits next to the compiled script in the build folder; it holds PUBLIC certificates only.
#define ssl_dir AddBackslash(SourcePath) + "ssl"

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#agent_version}
AppVerName={#AppName} {#agent_version}
AppPublisher={#SetupStr(Company)}
AppCopyright={#SetupStr(Company)}
VersionInfoVersion={#agent_version}
DefaultDirName={commonpf32}\wapt
DefaultGroupName=WAPT
DisableProgramGroupPage=yes
OutputDir={#output_dir}
OutputBaseFilename={#edition}
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=admin
SetupLogging=yes
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"

[CustomMessages]
en.DisableHiberBoot=Disable hiberboot, and raise the shutdown timeouts so that pending updates can install
fr.DisableHiberBoot=Désactiver le démarrage rapide et allonger les délais d'arrêt pour installer les mises à jour en attente
de.DisableHiberBoot=Schnellstart deaktivieren und Wartezeiten beim Herunterfahren verlängern
en.RunningAgentSetup=Registering the WAPT agent...
fr.RunningAgentSetup=Enregistrement de l'agent WAPT...
de.RunningAgentSetup=WAPT-Agent wird registriert...

[Tasks]
Name: "DisableHiberboot"; Description: "{cm:DisableHiberBoot}"

[Dirs]
Name: "{app}\ssl"
Name: "{app}\ssl\server"
; Reserved for the host's own key and certificate, created when the agent registers.
Name: "{app}\private"
Name: "{app}\log"

[Files]
; Agent program files, from the WAPT base directory. Optional ones are skipped when the base
; directory lacks them (the console's demo base directory has only a few small files).
Source: "{#wapt_base_dir}wapt-get.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#wapt_base_dir}version-full"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#wapt_base_dir}waptdeploy.exe"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#wapt_base_dir}waptpython.exe"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#wapt_base_dir}waptpythonw.exe"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#wapt_base_dir}waptself.exe"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#wapt_base_dir}waptexit.exe"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#wapt_base_dir}waptmessage.exe"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#wapt_base_dir}*.dll"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#wapt_base_dir}*.py"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist
Source: "{#wapt_base_dir}DLLs\*"; DestDir: "{app}\DLLs"; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "{#wapt_base_dir}lib\*"; DestDir: "{app}\lib"; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "{#wapt_base_dir}waptservice\*"; DestDir: "{app}\waptservice"; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "{#wapt_base_dir}templates\*"; DestDir: "{app}\templates"; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "{#wapt_base_dir}languages\*"; DestDir: "{app}\languages"; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
#ifdef waptenterprise
Source: "{#wapt_base_dir}waptenterprise\*"; DestDir: "{app}\waptenterprise"; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
#endif
; Trusted package certificates and the HTTPS CA bundle. Public material only: the console refuses
; to compile when any file of the build folder holds private key material.
#if set_install_certs != ""
Source: "{#ssl_dir}\*.crt"; DestDir: "{app}\ssl"; Flags: ignoreversion skipifsourcedoesntexist; Check: InstallCertsAllowed
#endif
Source: "{#ssl_dir}\server\*"; DestDir: "{app}\ssl\server"; Flags: ignoreversion skipifsourcedoesntexist

[INI]
; wapt-get.ini: entries only add or replace keys; keys not listed here are kept on upgrade.
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "repo_url"; String: "{code:GetRepoUrl}"
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "wapt_server"; String: "{code:GetWaptServer}"
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "send_usage_report"; String: "{#InnoStr(send_usage_report)}"
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "use_hostpackages"; String: "1"
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "use_kerberos"; String: "{#InnoStr(set_use_kerberos)}"
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "check_certificates_validity"; String: "{#InnoStr(check_certificates_validity)}"
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "verify_cert"; String: "{code:GetVerifyCert}"
#if use_fqdn_as_uuid != ""
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "use_fqdn_as_uuid"; String: "1"
#endif
#if use_ad_groups != ""
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "use_ad_groups"; String: "1"
#endif
#if use_repo_rules != ""
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "use_repo_rules"; String: "{#InnoStr(use_repo_rules)}"
#endif
#if waptservice_admin_filter != ""
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "waptservice_admin_filter"; String: "{#InnoStr(waptservice_admin_filter)}"
#endif
#if maturities != ""
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "maturities"; String: "{#InnoStr(maturities)}"
#endif
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "uuid"; String: "{code:RandomHostUuid}"; Check: NeedsRandomUuid
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "max_gpo_script_wait"; String: "180"; Tasks: DisableHiberboot
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "pre_shutdown_timeout"; String: "180"; Tasks: DisableHiberboot
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "hiberboot_enabled"; String: "{code:GetHiberbootEnabled}"
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "host_profiles"; String: "{code:GetHostProfiles}"; Check: AppendsHostProfiles
Filename: "{app}\wapt-get.ini"; Section: "global"; Key: "waptaudit_task_period"; String: "{code:GetAuditPeriod}"; Check: HasAuditPeriod
Filename: "{app}\wapt-get.ini"; Section: "wapt-templates"; Key: "repo_url"; String: "https://store.wapt.fr/wapt"
Filename: "{app}\wapt-get.ini"; Section: "wapt-templates"; Key: "verify_cert"; String: "1"
#ifdef waptwua
#if set_waptwua_enabled != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "enabled"; String: "{#InnoStr(set_waptwua_enabled)}"
#endif
#if set_waptwua_default_allow != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "default_allow"; String: "{#InnoStr(set_waptwua_default_allow)}"
#endif
#if set_waptwua_download_scheduling != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "download_scheduling"; String: "{#InnoStr(set_waptwua_download_scheduling)}"
#endif
#if set_waptwua_install_delay != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "install_delay"; String: "{#InnoStr(set_waptwua_install_delay)}"
#endif
#if set_waptwua_install_at_shutdown != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "install_at_shutdown"; String: "{#InnoStr(set_waptwua_install_at_shutdown)}"
#endif
#if set_waptwua_offline != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "offline"; String: "{#InnoStr(set_waptwua_offline)}"
#endif
#if set_waptwua_allow_direct_download != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "allow_direct_download"; String: "{#InnoStr(set_waptwua_allow_direct_download)}"
; Inferred (docs/agent-build.md): later clients read "direct_download", so both names are written.
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "direct_download"; String: "{#InnoStr(set_waptwua_allow_direct_download)}"
#endif
#if set_waptwua_install_scheduling != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "install_scheduling"; String: "{#InnoStr(set_waptwua_install_scheduling)}"
#endif
#if set_waptwua_filter != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "filter"; String: "{#InnoStr(set_waptwua_filter)}"
#endif
#if set_waptwua_allowed_severities != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "allowed_severities"; String: "{#InnoStr(set_waptwua_allowed_severities)}"
#endif
#if set_waptwua_include_potentially_superseded_updates != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "include_potentially_superseded_updates"; String: "{#InnoStr(set_waptwua_include_potentially_superseded_updates)}"
#endif
#if set_waptwua_allowed_products != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "allowed_products"; String: "{#InnoStr(set_waptwua_allowed_products)}"
#endif
#if set_waptwua_allowed_classifications != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "allowed_classifications"; String: "{#InnoStr(set_waptwua_allowed_classifications)}"
#endif
#if set_waptwua_allowed_updates != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "allowed_updates"; String: "{#InnoStr(set_waptwua_allowed_updates)}"
#endif
#if set_waptwua_forbidden_updates != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "forbidden_updates"; String: "{#InnoStr(set_waptwua_forbidden_updates)}"
#endif
#if set_waptwua_allowed_kbs != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "allowed_kbs"; String: "{#InnoStr(set_waptwua_allowed_kbs)}"
#endif
#if set_waptwua_forbidden_kbs != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "forbidden_kbs"; String: "{#InnoStr(set_waptwua_forbidden_kbs)}"
#endif
#if set_waptwua_postboot_delay != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "postboot_delay"; String: "{#InnoStr(set_waptwua_postboot_delay)}"
#endif
#if set_waptwua_user_locale != ""
Filename: "{app}\wapt-get.ini"; Section: "waptwua"; Key: "user_locale"; String: "{#InnoStr(set_waptwua_user_locale)}"
#endif
#endif

[Run]
; Post-install registration. Skipped when the base directory carries no Python runtime (the demo
; base directory), since then there is no agent to run.
Filename: "{app}\wapt-get.exe"; Parameters: "add-upgrade-shutdown"; Flags: runhidden; StatusMsg: "{cm:RunningAgentSetup}"; Check: AgentRuntimePresent
Filename: "{app}\wapt-get.exe"; Parameters: "--direct register"; Flags: runhidden; StatusMsg: "{cm:RunningAgentSetup}"; Check: AgentRuntimePresent
Filename: "{app}\wapt-get.exe"; Parameters: "--direct update"; Flags: runhidden; StatusMsg: "{cm:RunningAgentSetup}"; Check: AgentRuntimePresent
Filename: "{app}\waptpython.exe"; Parameters: """{app}\waptservice\service.py"" install"; Flags: runhidden; Check: AgentRuntimePresent
Filename: "{sys}\net.exe"; Parameters: "start waptservice"; Flags: runhidden; Check: AgentRuntimePresent

[Code]
type
  TGuidBytes = record
    D1: LongWord;
    D2: Word;
    D3: Word;
    D4: array[0..7] of Byte;
  end;

function CoCreateGuid(var Guid: TGuidBytes): Integer; external 'CoCreateGuid@ole32.dll stdcall';

function IniPath(): String;
begin
  Result := ExpandConstant('{app}\wapt-get.ini');
end;

// Value of "/Name=value" on the setup command line (case-insensitive name), else Default.
function CmdParam(const Name, Default: String): String;
var
  I: Integer;
  Prefix, Arg: String;
begin
  Result := Default;
  Prefix := '/' + Lowercase(Name) + '=';
  for I := 1 to ParamCount do
  begin
    Arg := ParamStr(I);
    if Pos(Prefix, Lowercase(Arg)) = 1 then
      Result := Copy(Arg, Length(Prefix) + 1, Length(Arg));
  end;
end;

// Command line first, then the forced value (Overwrite), then the host's value, then the default.
function GetRepoUrl(Param: String): String;
begin
  Result := CmdParam('repo_url', {#PascalStr(repo_url)});
  if Result = '' then
    Result := GetIniString('global', 'repo_url', '', IniPath());
  if Result = '' then
    Result := {#PascalStr(default_repo_url)};
end;

function GetWaptServer(Param: String): String;
begin
  Result := CmdParam('wapt_server', {#PascalStr(wapt_server)});
  if Result = '' then
    Result := GetIniString('global', 'wapt_server', '', IniPath());
  if Result = '' then
    Result := {#PascalStr(default_wapt_server)};
end;

// The define may name {app}\ssl\server\<file>: expanded here, once the install folder is known.
function GetVerifyCert(Param: String): String;
begin
  Result := CmdParam('verify_cert', ExpandConstant({#PascalStr(set_verify_cert)}));
end;

function NeedsRandomUuid(): Boolean;
begin
  Result := (({#PascalStr(use_random_uuid)} <> '') or (CmdParam('use_random_uuid', '') = '1'))
    and (GetIniString('global', 'uuid', '', IniPath()) = '');
end;

function HexDigits(Value: LongWord; Digits: Integer): String;
var
  I: Integer;
begin
  Result := '';
  for I := 1 to Digits do
  begin
    Result := Copy('0123456789ABCDEF', (Value and 15) + 1, 1) + Result;
    Value := Value shr 4;
  end;
end;

// rnd- followed by the GUID as upper-case hex, 8-4-4 then a dash between each of the last 8 bytes.
function RandomHostUuid(Param: String): String;
var
  G: TGuidBytes;
  I: Integer;
begin
  CoCreateGuid(G);
  Result := 'rnd-' + HexDigits(G.D1, 8) + '-' + HexDigits(G.D2, 4) + '-' + HexDigits(G.D3, 4);
  for I := 0 to 7 do
    Result := Result + '-' + HexDigits(G.D4[I], 2);
end;

function GetHiberbootEnabled(Param: String): String;
begin
  Result := CmdParam('DisableHiberBoot', {#PascalStr(set_disable_hiberboot)});
  if Result = '' then
  begin
    if WizardIsTaskSelected('DisableHiberboot') then
      Result := '0'
    else
      Result := '1';
  end;
end;

function AddCsvItem(const List, Item: String): String;
begin
  Result := List;
  if (Item = '') or (Item = '*') then
    Exit;
  if Pos(',' + Lowercase(Item) + ',', ',' + Lowercase(List) + ',') > 0 then
    Exit;
  if List = '' then
    Result := Item
  else
    Result := List + ',' + Item;
end;

function MergeCsv(const Base, Extra: String): String;
var
  Rest, Item: String;
  P: Integer;
begin
  Result := '';
  Rest := Base + ',' + Extra;
  while Rest <> '' do
  begin
    P := Pos(',', Rest);
    if P = 0 then
    begin
      Item := Rest;
      Rest := '';
    end
    else
    begin
      Item := Copy(Rest, 1, P - 1);
      Delete(Rest, 1, P);
    end;
    Result := AddCsvItem(Result, Trim(Item));
  end;
end;

function AppendedProfiles(): String;
begin
  Result := CmdParam('append_host_profiles', {#PascalStr(append_host_profiles)});
end;

function AppendsHostProfiles(): Boolean;
begin
  Result := AppendedProfiles() <> '';
end;

// The host's existing profiles are kept; the appended ones are added once each.
function GetHostProfiles(Param: String): String;
begin
  Result := MergeCsv(GetIniString('global', 'host_profiles', '', IniPath()), AppendedProfiles());
end;

function GetAuditPeriod(Param: String): String;
begin
  Result := CmdParam('waptaudit_task_period', {#PascalStr(set_waptaudit_task_period)});
end;

function HasAuditPeriod(): Boolean;
begin
  Result := GetAuditPeriod('') <> '';
end;

function InstallCertsAllowed(): Boolean;
begin
  Result := CmdParam('InstallCerts', '1') <> '0';
end;

function AgentRuntimePresent(): Boolean;
begin
  Result := FileExists(ExpandConstant('{app}\waptpython.exe'));
end;
