/**
 * The application menu's words, in the console's two languages. The menu is drawn by main, which
 * cannot read the renderer's catalogues (renderer/src/i18n), so its few labels live here; the tab
 * names and actions are the ones the renderer shows (shell.tabs.*, palette.*, grid.refresh).
 */
export type MenuLanguage = 'en' | 'fr';

export interface MenuLabels {
  file: string;
  quit: string;
  edit: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  view: string;
  refresh: string;
  palette: string;
  zoomIn: string;
  zoomOut: string;
  resetZoom: string;
  fullScreen: string;
  devTools: string;
  /** In the renderer's tab order (Ctrl+1 is the first). */
  tabs: readonly string[];
  help: string;
  onlineHelp: string;
  openLogFolder: string;
}

export const MENU_LABELS: Record<MenuLanguage, MenuLabels> = {
  en: {
    file: '&File',
    quit: 'Quit',
    edit: '&Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
    view: '&View',
    refresh: 'Refresh',
    palette: 'Command palette…',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetZoom: 'Actual size',
    fullScreen: 'Full screen',
    devTools: 'Developer tools',
    tabs: ['Hosts', 'Windows Updates', 'WUA rule packages', 'Build the agent', 'Audit', 'Private repository'],
    help: '&Help',
    onlineHelp: 'Online help',
    openLogFolder: 'Open log folder',
  },
  fr: {
    file: '&Fichier',
    quit: 'Quitter',
    edit: '&Édition',
    undo: 'Annuler',
    redo: 'Rétablir',
    cut: 'Couper',
    copy: 'Copier',
    paste: 'Coller',
    selectAll: 'Tout sélectionner',
    view: '&Affichage',
    refresh: 'Actualiser',
    palette: 'Palette de commandes…',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    resetZoom: 'Taille réelle',
    fullScreen: 'Plein écran',
    devTools: 'Outils de développement',
    tabs: [
      'Machines',
      'Mises à jour Windows',
      'Paquets de règles WUA',
      'Générer l’agent',
      'Audit',
      'Dépôt privé',
    ],
    help: '&Aide',
    onlineHelp: 'Aide en ligne',
    openLogFolder: 'Ouvrir le dossier des journaux',
  },
};

/** The setting's language, or the system's when the setting is `system`. */
export function menuLanguage(setting: 'system' | 'en' | 'fr', systemLocale: string): MenuLanguage {
  if (setting !== 'system') return setting;
  return systemLocale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
