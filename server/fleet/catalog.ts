import { guid, intBetween, pick, prng, type Rng } from '../util';

/**
 * A synthetic but realistic Windows Update catalogue: monthly cumulative updates per OS build and
 * architecture (one update id per build × arch, the same KB across builds that share it, as
 * Microsoft does), .NET rollups, the Malicious Software Removal Tool (same KB890830 every month,
 * a new update id each time), Defender definition updates, Office 2016 security/non-security
 * updates, Edge channel updates (no KB) and servicing-stack updates. Each monthly series
 * supersedes its previous month. Update ids are `<GUID>_<revision>` (docs/wapt-server-api.md §6.2).
 *
 * Deterministic: the same seed and reference date give the same catalogue.
 */
export interface CatalogUpdate {
  update_id: string;
  title: string;
  update_type: 'Software' | 'Driver';
  kbids: string[];
  severity: string | null;
  changetime: string;
  product: string;
  classification: string;
  download_urls: string[];
  min_download_size: number;
  max_download_size: number;
  superseded_update_ids: string[];
  security_bulletin_ids: string[];
  cve_ids: string[];
  is_mandatory: boolean;
  reboot_behaviour: string;
  can_request_user_input: string;
  requires_network_connectivity: boolean;
  is_beta: boolean;
  is_uninstallable: boolean;
  installation_impact: string;
  uninstallation_impact: string;
  support_url: string;
  release_notes: string;
  uninstallation_notes: string;
  languages: string[];
  /** Applicability key (not part of the API): hosts carrying this target need the update. */
  target: string;
  /** Month index in the catalogue, 0 = oldest (not part of the API). */
  month: number;
}

export interface OsProfile {
  key: string;
  product: string;
  label: string;
  /** `os_name` as an agent reports it. */
  osName: string;
  osVersion: string;
  arch: 'x64' | 'x86';
  server: boolean;
  /** Builds sharing the same CU KB number share a kbGroup. */
  kbGroup: string;
  ssu: boolean;
}

export const OS_PROFILES: readonly OsProfile[] = [
  {
    key: 'win10-22h2-x64',
    product: 'Windows 10',
    label: 'Windows 10 Version 22H2 for x64-based Systems',
    osName: 'Windows 10 Pro',
    osVersion: '10.0.19045',
    arch: 'x64',
    server: false,
    kbGroup: 'w10',
    ssu: false,
  },
  {
    key: 'win10-22h2-x86',
    product: 'Windows 10',
    label: 'Windows 10 Version 22H2 for x86-based Systems',
    osName: 'Windows 10 Pro',
    osVersion: '10.0.19045',
    arch: 'x86',
    server: false,
    kbGroup: 'w10',
    ssu: false,
  },
  {
    key: 'win10-21h2-x64',
    product: 'Windows 10',
    label: 'Windows 10 Version 21H2 for x64-based Systems',
    osName: 'Windows 10 Enterprise',
    osVersion: '10.0.19044',
    arch: 'x64',
    server: false,
    kbGroup: 'w10',
    ssu: false,
  },
  {
    key: 'win10-1809-x64',
    product: 'Windows 10 LTSB',
    label: 'Windows 10 Version 1809 for x64-based Systems',
    osName: 'Windows 10 Enterprise LTSC',
    osVersion: '10.0.17763',
    arch: 'x64',
    server: false,
    kbGroup: 'rs5',
    ssu: true,
  },
  {
    key: 'win11-23h2-x64',
    product: 'Windows 11',
    label: 'Windows 11 Version 23H2 for x64-based Systems',
    osName: 'Windows 11 Pro',
    osVersion: '10.0.22631',
    arch: 'x64',
    server: false,
    kbGroup: 'w11',
    ssu: false,
  },
  {
    key: 'win11-22h2-x64',
    product: 'Windows 11',
    label: 'Windows 11 Version 22H2 for x64-based Systems',
    osName: 'Windows 11 Enterprise',
    osVersion: '10.0.22621',
    arch: 'x64',
    server: false,
    kbGroup: 'w11',
    ssu: false,
  },
  {
    key: 'ws2016-x64',
    product: 'Windows Server 2016',
    label: 'Windows Server 2016 for x64-based Systems',
    osName: 'Windows Server 2016 Standard',
    osVersion: '10.0.14393',
    arch: 'x64',
    server: true,
    kbGroup: 'rs1',
    ssu: true,
  },
  {
    key: 'ws2019-x64',
    product: 'Windows Server 2019',
    label: 'Windows Server 2019 for x64-based Systems',
    osName: 'Windows Server 2019 Standard',
    osVersion: '10.0.17763',
    arch: 'x64',
    server: true,
    kbGroup: 'rs5',
    ssu: true,
  },
  {
    key: 'ws2022-x64',
    product: 'Microsoft Server operating system-21H2',
    label: 'Microsoft server operating system version 21H2 for x64-based Systems',
    osName: 'Windows Server 2022 Standard',
    osVersion: '10.0.20348',
    arch: 'x64',
    server: true,
    kbGroup: 'fe',
    ssu: false,
  },
];

const OFFICE_APPS = [
  'Excel',
  'Word',
  'Outlook',
  'PowerPoint',
  'Office',
  'Access',
  'Publisher',
  'Skype for Business',
];

/** Second Tuesday (Patch Tuesday) of a month, 17:00 UTC. */
function patchTuesday(year: number, month0: number): Date {
  const first = new Date(Date.UTC(year, month0, 1, 17));
  const offset = (2 - first.getUTCDay() + 7) % 7; // first Tuesday
  return new Date(Date.UTC(year, month0, 1 + offset + 7, 17));
}

function isoNoZone(d: Date): string {
  return d.toISOString().slice(0, 19);
}

export interface CatalogOptions {
  seed: number;
  /** Reference instant: the newest month is the last Patch Tuesday at or before it. */
  now: number;
  /** How many monthly releases (default 18). */
  months?: number;
}

export interface Catalog {
  updates: CatalogUpdate[];
  /** update index by applicability target. */
  byTarget: Map<string, number[]>;
  months: number;
  /** Publication date of each month index. */
  monthDates: string[];
}

/** Targets a host carries for its OS and software. */
export function hostTargets(os: OsProfile, hasOffice: false | 'x86' | 'x64'): string[] {
  const t = [
    `os:${os.key}`,
    `net:${os.key}`,
    `msrt:${os.product}:${os.arch}`,
    `defender:${os.arch}`,
    `edge:${os.arch}`,
  ];
  if (os.ssu) t.push(`ssu:${os.key}`);
  if (hasOffice) t.push(`office:${hasOffice}`);
  return t;
}

export function generateCatalog(opts: CatalogOptions): Catalog {
  const rng: Rng = prng(opts.seed ^ 0x5eed);
  const months = opts.months ?? 18;
  const now = new Date(opts.now);
  let last = patchTuesday(now.getUTCFullYear(), now.getUTCMonth());
  if (last.getTime() > opts.now) last = patchTuesday(now.getUTCFullYear(), now.getUTCMonth() - 1);
  const monthDates: Date[] = [];
  for (let m = months - 1; m >= 0; m--)
    monthDates.push(patchTuesday(last.getUTCFullYear(), last.getUTCMonth() - m));

  const updates: CatalogUpdate[] = [];
  const byTarget = new Map<string, number[]>();
  const previous = new Map<string, string>(); // series → previous GUID (for supersedence)
  let kbCounter = 5_020_000 + Math.floor(rng() * 5000);

  const add = (u: Omit<CatalogUpdate, 'superseded_update_ids' | 'update_id'> & { series?: string }) => {
    const g = guid(rng);
    const rev = intBetween(rng, 1, 205);
    const superseded = u.series !== undefined && previous.has(u.series) ? [previous.get(u.series)!] : [];
    if (u.series !== undefined) previous.set(u.series, g);
    const { series: _series, ...rest } = u;
    updates.push({ ...rest, update_id: `${g}_${rev}`, superseded_update_ids: superseded });
    const list = byTarget.get(u.target) ?? [];
    list.push(updates.length - 1);
    byTarget.set(u.target, list);
  };
  const base = (month: number, target: string) => ({
    update_type: 'Software' as const,
    changetime: isoNoZone(monthDates[month]!),
    security_bulletin_ids: [],
    is_mandatory: false,
    can_request_user_input: 'false',
    requires_network_connectivity: false,
    is_beta: false,
    installation_impact: 'Normal',
    uninstallation_impact: 'Normal',
    uninstallation_notes: '',
    languages: ['all'],
    target,
    month,
  });
  const cves = (n: number, year: number) =>
    Array.from({ length: n }, () => `CVE-${year}-${intBetween(rng, 20000, 49999)}`);
  const dl = (kb: string, name: string) => [
    `http://download.windowsupdate.com/d/msdownload/update/software/secu/${kb}/${name}`,
  ];

  for (let m = 0; m < months; m++) {
    const d = monthDates[m]!;
    const ym = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const year = d.getUTCFullYear();
    const cuKb = new Map<string, string>();
    const netKb = new Map<string, string>();
    for (const os of OS_PROFILES) {
      if (!cuKb.has(os.kbGroup)) cuKb.set(os.kbGroup, String(kbCounter++));
      if (!netKb.has(os.kbGroup)) netKb.set(os.kbGroup, String(kbCounter++));
      const kb = cuKb.get(os.kbGroup)!;
      const size =
        os.arch === 'x64' ? intBetween(rng, 380, 920) * 1_048_576 : intBetween(rng, 200, 420) * 1_048_576;
      add({
        ...base(m, `os:${os.key}`),
        series: `cu:${os.key}`,
        title: `${ym} Cumulative Update for ${os.label} (KB${kb})`,
        kbids: [kb],
        severity: rng() < 0.8 ? 'Critical' : 'Important',
        product: os.product,
        classification: 'Security Updates',
        download_urls: dl(kb, `windows10.0-kb${kb}-${os.arch}.cab`),
        min_download_size: Math.floor(size * 0.6),
        max_download_size: size,
        cve_ids: cves(intBetween(rng, 2, 6), year),
        reboot_behaviour: 'AlwaysRequiresReboot',
        is_uninstallable: true,
        support_url: `https://support.microsoft.com/help/${kb}`,
        release_notes: `Security and quality fixes for ${os.label}.`,
      });
      const nkb = netKb.get(os.kbGroup)!;
      add({
        ...base(m, `net:${os.key}`),
        series: `net:${os.key}`,
        title: `${ym} Cumulative Update for .NET Framework 3.5, 4.8 and 4.8.1 for ${os.label} (KB${nkb})`,
        kbids: [nkb],
        severity: 'Important',
        product: os.product,
        classification: rng() < 0.75 ? 'Security Updates' : 'Updates',
        download_urls: dl(nkb, `windows10.0-kb${nkb}-${os.arch}-ndp48.cab`),
        min_download_size: intBetween(rng, 40, 60) * 1_048_576,
        max_download_size: intBetween(rng, 61, 95) * 1_048_576,
        cve_ids: cves(intBetween(rng, 0, 2), year),
        reboot_behaviour: 'CanRequestReboot',
        is_uninstallable: true,
        support_url: `https://support.microsoft.com/help/${nkb}`,
        release_notes: '.NET Framework cumulative update.',
      });
      if (os.ssu && m % 3 === 0) {
        const skb = String(kbCounter++);
        add({
          ...base(m, `ssu:${os.key}`),
          series: `ssu:${os.key}`,
          title: `${ym} Servicing Stack Update for ${os.label} (KB${skb})`,
          kbids: [skb],
          severity: 'Critical',
          product: os.product,
          classification: 'Security Updates',
          download_urls: dl(skb, `windows10.0-kb${skb}-${os.arch}.msu`),
          min_download_size: 10 * 1_048_576,
          max_download_size: intBetween(rng, 11, 25) * 1_048_576,
          cve_ids: [],
          reboot_behaviour: 'NeverReboots',
          is_uninstallable: false,
          support_url: `https://support.microsoft.com/help/${skb}`,
          release_notes: 'Servicing stack update.',
        });
      }
    }
    const msrtVersion = `5.${108 + m}`;
    for (const product of new Set(OS_PROFILES.map((o) => o.product))) {
      for (const arch of ['x64', 'x86'] as const) {
        if (!OS_PROFILES.some((o) => o.product === product && o.arch === arch)) continue;
        add({
          ...base(m, `msrt:${product}:${arch}`),
          series: `msrt:${product}:${arch}`,
          title: `Windows Malicious Software Removal Tool ${arch} - v${msrtVersion} (KB890830)`,
          kbids: ['890830'],
          severity: null,
          product,
          classification: 'Update Rollups',
          download_urls: dl('890830', `windows-kb890830-${arch}-v${msrtVersion}.exe`),
          min_download_size: 60 * 1_048_576,
          max_download_size: intBetween(rng, 61, 80) * 1_048_576,
          cve_ids: [],
          reboot_behaviour: 'NeverReboots',
          is_uninstallable: false,
          support_url: 'https://support.microsoft.com/help/890830',
          release_notes: 'Malicious Software Removal Tool.',
        });
      }
    }
    for (const arch of ['x64', 'x86'] as const) {
      add({
        ...base(m, `defender:${arch}`),
        series: `defender:${arch}`,
        title: `Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.${401 + m * 3}.${intBetween(rng, 100, 999)}.0)`,
        kbids: ['2267602'],
        severity: null,
        product: 'Microsoft Defender Antivirus',
        classification: 'Definition Updates',
        download_urls: dl('2267602', `am_delta_patch_${arch}.exe`),
        min_download_size: 1_048_576,
        max_download_size: intBetween(rng, 2, 120) * 1_048_576,
        cve_ids: [],
        reboot_behaviour: 'NeverReboots',
        is_uninstallable: false,
        support_url: 'https://www.microsoft.com/wdsi/definitions',
        release_notes: 'Security intelligence update.',
      });
      const build = `${118 + m}.0.${intBetween(rng, 2000, 2999)}.${intBetween(rng, 10, 99)}`;
      add({
        ...base(m, `edge:${arch}`),
        series: `edge:${arch}`,
        title: `Microsoft Edge-Stable Channel Version ${118 + m} Update for ${arch} based Editions (Build ${build})`,
        kbids: [],
        severity: null,
        product: 'Microsoft Edge',
        classification: 'Updates',
        download_urls: [
          `http://msedge.b.tlu.dl.delivery.mp.microsoft.com/filestreamingservice/files/MicrosoftEdge_${arch}_${build}.exe`,
        ],
        min_download_size: 130 * 1_048_576,
        max_download_size: intBetween(rng, 131, 170) * 1_048_576,
        cve_ids: cves(intBetween(rng, 0, 4), year),
        reboot_behaviour: 'NeverReboots',
        is_uninstallable: false,
        support_url: 'https://learn.microsoft.com/deployedge/microsoft-edge-relnote-stable-channel',
        release_notes: 'Microsoft Edge stable channel.',
      });
    }
    for (const bits of ['x86', 'x64'] as const) {
      const apps = [...OFFICE_APPS].sort(() => rng() - 0.5).slice(0, intBetween(rng, 3, 5));
      for (const app of apps) {
        const okb = String(5_002_000 + ((kbCounter++ * 7) % 9000));
        const security = rng() < 0.7;
        add({
          ...base(m, `office:${bits}`),
          title: `${security ? 'Security Update' : 'Update'} for Microsoft ${app} 2016 (KB${okb}) ${bits === 'x64' ? '64' : '32'}-Bit Edition`,
          kbids: [okb],
          severity: security ? pick(rng, ['Important', 'Important', 'Critical', 'Moderate']) : null,
          product: 'Office 2016',
          classification: security ? 'Security Updates' : pick(rng, ['Critical Updates', 'Updates']),
          download_urls: dl(
            okb,
            `${app.toLowerCase().replace(/ /g, '')}2016-kb${okb}-fullfile-${bits}-glb.exe`,
          ),
          min_download_size: intBetween(rng, 5, 40) * 1_048_576,
          max_download_size: intBetween(rng, 41, 90) * 1_048_576,
          cve_ids: security ? cves(intBetween(rng, 1, 3), year) : [],
          reboot_behaviour: 'CanRequestReboot',
          is_uninstallable: true,
          support_url: `https://support.microsoft.com/help/${okb}`,
          release_notes: `Microsoft ${app} 2016 update.`,
        });
      }
    }
  }
  return { updates, byTarget, months, monthDates: monthDates.map(isoNoZone) };
}
