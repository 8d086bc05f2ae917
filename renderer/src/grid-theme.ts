import { colorSchemeDark, colorSchemeLight, themeQuartz } from 'ag-grid-community';

export const gridTheme = (dark: boolean) =>
  themeQuartz.withPart(dark ? colorSchemeDark : colorSchemeLight).withParams({ fontSize: 13, spacing: 6 });
