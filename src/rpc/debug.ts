// The debug page, as net/rpc's debug.go: every service, its methods with Go's spelling of their
// argument and reply types, and call counts, byte for byte what Go's html/template renders.
// The page's types live here, as debug.go holds methodArray and debugService, so that the
// server (which fills them) and the HTTP handler (which serves them) both import this file.

/** Go's `DefaultDebugPath`. */
export const DEFAULT_DEBUG_PATH = '/debug/rpc';

/** One method as the debug page shows it. */
export interface MethodInfo {
  /** The method name ("Multiply"). */
  name: string;
  /** Go's spelling of the argument type ("*main.Args"). */
  argType: string;
  /** Go's spelling of the reply parameter's type ("*int"). */
  replyType: string;
  /** Calls dispatched to the method so far. */
  numCalls: number;
}

/** One service as the debug page shows it. */
export interface ServiceInfo {
  name: string;
  /** Sorted by name. */
  methods: MethodInfo[];
}

/** html/template's escaping of text between tags (its htmlReplacementTable). */
const HTML_ESCAPES: Record<string, string> = {
  '\0': '\uFFFD',
  '"': '&#34;',
  '&': '&amp;',
  "'": '&#39;',
  '+': '&#43;',
  '<': '&lt;',
  '>': '&gt;',
};

function escapeHTML(s: string): string {
  return s.replace(/[\0"&'+<>]/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Renders the page Go serves at `/debug/rpc` (debug.go's debugText template) for `services`,
 * which must be sorted by name as {@link Server.describe} returns them.
 */
export function renderDebugPage(services: readonly ServiceInfo[]): string {
  let out = '<html>\n\t<body>\n\t<title>Services</title>\n\t';
  for (const s of services) {
    out += `\n\t<hr>\n\tService ${escapeHTML(s.name)}\n\t<hr>\n\t\t<table>\n\t\t<th align=center>Method</th><th align=center>Calls</th>\n\t\t`;
    for (const m of s.methods) {
      out +=
        `\n\t\t\t<tr>\n\t\t\t<td align=left font=fixed>${escapeHTML(m.name)}(${escapeHTML(m.argType)}, ${escapeHTML(m.replyType)}) error</td>` +
        `\n\t\t\t<td align=center>${m.numCalls}</td>\n\t\t\t</tr>\n\t\t`;
    }
    out += '\n\t\t</table>\n\t';
  }
  return out + '\n\t</body>\n\t</html>';
}
