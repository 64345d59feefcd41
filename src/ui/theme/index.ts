// The theme: palette, legend and the hooks that resolve light/dark.
export * from './palette';
export { Legend } from './Legend';
export { currentTheme, useThemeName, usePalette, useThemeAttribute } from './theme';
