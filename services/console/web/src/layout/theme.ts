import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** Visible focus everywhere (keyboard users), contrast of the French public services' blue. */
const focusRing = { outline: '3px solid #ffbf47', outlineOffset: '2px', boxShadow: '0 0 0 5px #000091' };

export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#000091' },
    secondary: { main: '#000091' },
  },
  components: {
    ...defaultTheme.components,
    MuiCssBaseline: {
      styleOverrides: {
        ':focus-visible': focusRing,
        // A text field is ringed as a whole (label and buttons included), not its inner input.
        'input:focus-visible, textarea:focus-visible, [role="combobox"]:focus-visible': { outline: 'none', boxShadow: 'none' },
        '.MuiInputBase-root.Mui-focused': focusRing,
        a: { color: '#000091' },
      },
    },
    // react-admin's skip link is white on white by default.
    RaSkipNavigationButton: { styleOverrides: { root: { color: '#000091', backgroundColor: '#fff', '&:hover': { backgroundColor: '#fff' } } } },
    MuiButtonBase: {
      defaultProps: { disableRipple: false },
      styleOverrides: { root: { '&.Mui-focusVisible': focusRing } },
    },
  },
};
