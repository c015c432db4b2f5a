// The central API's one public entry. Only the workstation's host (boot.ts, which starts an
// embedded API when no central one is configured) may import it; the lint zones refuse any other
// import of this folder from the workstation, and any import of the workstation from here.
export { startApiServer, type RunningApiServer, type StartApiServerOptions } from './start.js';
