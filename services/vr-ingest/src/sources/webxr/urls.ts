/** The addresses a headset can open, printed at start-up. */

/**
 * URLs to open. Without TLS only localhost (adb reverse): browsers run WebXR
 * on plain http nowhere else. With a public host (`host` or `host:port`, how
 * the headset reaches this server, e.g. the Docker host), that one; else one
 * per LAN address (when listening on all or that address). Then localhost.
 */
export function pageUrls(
  host: string,
  port: number,
  tls: boolean,
  lan: string[],
  publicHost = "",
): string[] {
  if (!tls) return [`http://localhost:${port}/`];
  const scheme = "https";
  if (publicHost) {
    const withPort = /:\d+$/.test(publicHost) ? publicHost : `${publicHost}:${port}`;
    return [`${scheme}://${withPort}/`, `${scheme}://localhost:${port}/`];
  }
  const any = host === "0.0.0.0" || host === "::";
  const hosts = any ? lan : [host].filter((h) => h !== "localhost" && h !== "127.0.0.1");
  if (any || host === "localhost" || host === "127.0.0.1") hosts.push("localhost");
  return hosts.map((h) => `${scheme}://${h}:${port}/`);
}

/**
 * The hosts a certificate must name for the URLs of `pageUrls`: the public
 * host without its port (`[v6]:port` too) or else the LAN addresses.
 */
export function certificateHosts(lan: string[], publicHost = ""): string[] {
  if (!publicHost) return lan;
  const bracketed = /^\[(.+)\](?::\d+)?$/.exec(publicHost);
  const host = bracketed?.[1] ?? publicHost.replace(/:\d+$/, "");
  return [...lan, host];
}
