// Vite turns imported sound files into URLs served from the app's own origin (CSP media-src 'self').
declare module '*.wav' {
  const url: string;
  export default url;
}
