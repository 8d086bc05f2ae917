; WAPT agent installer (waptagent.exe) - defines.
;
; This file is the console's own template, written for this project. Its structure follows the
; facts of docs/agent-build.md: a file of #define lines that the console rewrites line by line
; (ISCC /D cannot override a #define that the script itself sets), then an #include of the
; sections. Every value the console injects replaces a whole "#define <name> ..." line below,
; so keep each of these defines on one line of its own and keep their names.

#define edition "waptagent"
#define AppName "WAPTAgent"
; Same product id as the full WAPT setup: the agent installs over it.
#define AppId "WAPT"
#define agent_version "0.0.0.0"

#define default_repo_url "https://store.wapt.fr/wapt"
#define default_wapt_server ""
; Non-empty only when the console's "Overwrite" box is ticked: forces the value on hosts that already have one.
#define repo_url ""
#define wapt_server ""

#define output_dir "."
; The WAPT installation the agent files are taken from, with a trailing backslash.
#define wapt_base_dir "..\"
#define Company "WAPT Console"

#define send_usage_report "1"
#define set_use_kerberos "0"
#define set_install_certs "1"
#define check_certificates_validity "1"
; "0", "1" or a CA bundle path relocated under {app}\ssl\server\.
#define set_verify_cert "0"
#define default_dnsdomain ""
#define set_start_packages ""
#define use_fqdn_as_uuid ""
#define use_ad_groups ""
#define use_repo_rules ""
#define waptservice_admin_filter ""
#define maturities ""
#define use_random_uuid ""
#define append_host_profiles ""
#define set_waptaudit_task_period ""
#ifndef set_disable_hiberboot
  #define set_disable_hiberboot ""
#endif

;#define waptenterprise
#ifdef waptenterprise
  #define waptwua
  #ifndef set_waptwua_enabled
    #define set_waptwua_enabled ""
  #endif
  #ifndef set_waptwua_default_allow
    #define set_waptwua_default_allow ""
  #endif
  #ifndef set_waptwua_download_scheduling
    #define set_waptwua_download_scheduling ""
  #endif
  #ifndef set_waptwua_install_delay
    #define set_waptwua_install_delay ""
  #endif
  #ifndef set_waptwua_install_at_shutdown
    #define set_waptwua_install_at_shutdown ""
  #endif
  #ifndef set_waptwua_offline
    #define set_waptwua_offline ""
  #endif
  #ifndef set_waptwua_allow_direct_download
    #define set_waptwua_allow_direct_download ""
  #endif
  #ifndef set_waptwua_install_scheduling
    #define set_waptwua_install_scheduling ""
  #endif
  #ifndef set_waptwua_filter
    #define set_waptwua_filter ""
  #endif
  #ifndef set_waptwua_allowed_severities
    #define set_waptwua_allowed_severities ""
  #endif
  #ifndef set_waptwua_include_potentially_superseded_updates
    #define set_waptwua_include_potentially_superseded_updates ""
  #endif
  #ifndef set_waptwua_allowed_products
    #define set_waptwua_allowed_products ""
  #endif
  #ifndef set_waptwua_allowed_classifications
    #define set_waptwua_allowed_classifications ""
  #endif
  #ifndef set_waptwua_allowed_updates
    #define set_waptwua_allowed_updates ""
  #endif
  #ifndef set_waptwua_forbidden_updates
    #define set_waptwua_forbidden_updates ""
  #endif
  #ifndef set_waptwua_allowed_kbs
    #define set_waptwua_allowed_kbs ""
  #endif
  #ifndef set_waptwua_forbidden_kbs
    #define set_waptwua_forbidden_kbs ""
  #endif
  #ifndef set_waptwua_postboot_delay
    #define set_waptwua_postboot_delay ""
  #endif
  #ifndef set_waptwua_user_locale
    #define set_waptwua_user_locale ""
  #endif
#endif

; The sections live next to this script in the build folder (the console copies them there).
#include "agent-common.iss"
