/**
 * The page's CSP lets it connect only to the SIP servers the workstation knew when the page was
 * served (app.info reports them right after load). A server provisioned later (first sign-in on
 * this machine, a changed override) is recorded by main before the account reaches the page;
 * the page then reloads once, before the workspace needs the line, to get a policy that includes it.
 */
let pageSipServers: readonly string[] = [];

export function notePageSipServers(servers: readonly string[]): void {
  pageSipServers = servers;
}

/** True when the page is reloading to be allowed to reach `wsUrl`; at most once per server and tab. */
export function reloadForSipServer(wsUrl: string): boolean {
  let origin: string;
  try {
    origin = new URL(wsUrl).origin;
  } catch {
    return false;
  }
  const key = `hotline.csp.reloaded:${origin}`;
  if (pageSipServers.includes(origin) || sessionStorage.getItem(key)) return false;
  sessionStorage.setItem(key, '1');
  location.reload();
  return true;
}
