/**
 * Script-injection payloads for halo-kb's HTML: URLs (for link targets, `public_links`, sidecars,
 * URL settings and the URLs publishing puts in) and pieces of HTML (for raw HTML in Markdown and in
 * templates). Plain data with no test framework in it, so any test can import it: the Markdown
 * pipeline's, the publish step's, or a browser test that opens the preview and clicks every link.
 *
 * Sources: the OWASP XSS filter evasion cheat sheet, PortSwigger's XSS cheat sheet, and known
 * sanitizer bypasses (mutation XSS through foreign content and raw-text elements).
 */

export interface UrlPayload {
  name: string;
  /** The URL exactly as an attacker would write it (character references included). */
  url: string;
}

export interface HtmlPayload {
  name: string;
  html: string;
}

export const XSS_URLS: readonly UrlPayload[] = [
  { name: 'javascript:', url: 'javascript:alert(1)' },
  { name: 'mixed case', url: 'JaVaScRiPt:alert(document.domain)' },
  { name: 'upper case', url: 'JAVASCRIPT:alert(1)' },
  { name: 'leading space', url: ' javascript:alert(1)' },
  { name: 'leading tab and newline', url: '\t\njavascript:alert(1)' },
  { name: 'leading control character', url: '\u0001javascript:alert(1)' },
  { name: 'tab inside the scheme', url: 'java\tscript:alert(1)' },
  { name: 'newline inside the scheme', url: 'java\nscript:alert(1)' },
  { name: 'carriage return inside the scheme', url: 'java\rscript:alert(1)' },
  { name: 'named colon reference', url: 'javascript&colon;alert(1)' },
  { name: 'decimal colon reference', url: 'javascript&#58;alert(1)' },
  { name: 'hex colon reference', url: 'javascript&#x3A;alert(1)' },
  { name: 'first letter as a reference', url: '&#106;avascript:alert(1)' },
  { name: 'every letter as a hex reference', url: '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)' },
  { name: 'references without semicolons, zero-padded', url: '&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)' },
  { name: 'tab as a reference inside the scheme', url: 'jav&#x09;ascript:alert(1)' },
  { name: 'newline reference inside the scheme', url: 'jav&NewLine;ascript:alert(1)' },
  { name: 'comment and newline after the scheme', url: 'javascript://%0Aalert(1)' },
  { name: 'data: HTML', url: 'data:text/html,<script>alert(1)</script>' },
  { name: 'data: HTML in base64', url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
  { name: 'DATA: upper case', url: 'DATA:text/html,<script>alert(1)</script>' },
  { name: 'data: SVG with onload', url: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>' },
  { name: 'vbscript:', url: 'vbscript:msgbox(1)' },
  { name: 'VBScript: mixed case', url: 'VBScript:MsgBox(1)' },
  { name: 'livescript:', url: 'livescript:alert(1)' },
  { name: 'polyglot', url: 'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e' },
  { name: 'breaking out of the attribute', url: 'https://files.example.com/a.zip" onmouseover="alert(1)' },
  { name: 'breaking out of the attribute with a single quote', url: "https://files.example.com/a.zip' onmouseover='alert(1)" },
  { name: 'breaking out of the tag', url: 'https://files.example.com/"><script>alert(1)</script>' },
];

export const XSS_HTML: readonly HtmlPayload[] = [
  { name: 'script element', html: '<script>alert(1)</script>' },
  { name: 'img onerror', html: '<img src=x onerror=alert(1)>' },
  { name: 'img onerror without quotes or spaces', html: '<img/src=x/onerror=alert(1)>' },
  { name: 'svg onload', html: '<svg onload=alert(1)>' },
  { name: 'script inside svg', html: '<svg><script>alert(1)</script></svg>' },
  { name: 'svg link to javascript:', html: '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>' },
  { name: 'iframe srcdoc', html: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
  { name: 'iframe javascript:', html: '<iframe src="javascript:alert(1)"></iframe>' },
  { name: 'link to javascript:', html: '<a href="javascript:alert(1)">Open</a>' },
  { name: 'link with control characters before javascript:', html: '<a href=" &#14;javascript:alert(1)">Open</a>' },
  { name: 'link with a tab reference in the scheme', html: '<a href="jav&#x09;ascript:alert(1)">Open</a>' },
  { name: 'link to data: HTML', html: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Open</a>' },
  { name: 'link to vbscript:', html: '<a href="vbscript:msgbox(1)">Open</a>' },
  { name: 'body onload', html: '<body onload=alert(1)>' },
  { name: 'style url(javascript:)', html: '<div style="background:url(javascript:alert(1))">x</div>' },
  { name: 'style expression()', html: '<div style="width: expression(alert(1))">x</div>' },
  { name: 'style with a CSS escape', html: '<div style="background:url(\\6a avascript:alert(1))">x</div>' },
  { name: 'style element with @import', html: "<style>@import 'javascript:alert(1)';</style>" },
  { name: 'object data', html: '<object data="javascript:alert(1)"></object>' },
  { name: 'embed data: HTML', html: '<embed src="data:text/html,<script>alert(1)</script>">' },
  { name: 'form action', html: '<form action="javascript:alert(1)"><button>Send</button></form>' },
  { name: 'button formaction', html: '<button formaction="javascript:alert(1)">Send</button>' },
  { name: 'details ontoggle', html: '<details open ontoggle=alert(1)><summary>x</summary></details>' },
  { name: 'input autofocus onfocus', html: '<input autofocus onfocus=alert(1)>' },
  { name: 'meta refresh', html: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
  { name: 'base href', html: '<base href="javascript:alert(1)//">' },
  { name: 'link stylesheet', html: '<link rel="stylesheet" href="javascript:alert(1)">' },
  { name: 'mutation through noscript', html: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">' },
  { name: 'mutation through math and style', html: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>' },
  { name: 'mutation through template', html: '<template><script>alert(1)</script></template>' },
  { name: 'comment hiding a tag', html: '<!--<img src="--><img src=x onerror=alert(1)//">' },
  { name: 'CDATA in HTML', html: '<![CDATA[><script>alert(1)</script>]]>' },
  { name: 'unknown element with a pointer handler', html: '<xss onpointerover=alert(1)>hover</xss>' },
  { name: 'video source onerror', html: '<video><source onerror="alert(1)"></video>' },
  { name: 'marquee onstart', html: '<marquee onstart=alert(1)>x</marquee>' },
  { name: 'table background', html: '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>' },
  { name: 'img data: SVG', html: '<img src="data:image/svg+xml,<svg onload=alert(1)>">' },
  { name: 'handler beside an allowed attribute', html: '<div title="ok" onclick="alert(1)">x</div>' },
  { name: 'backtick attribute quoting', html: '<img src=`x` onerror=alert(1)>' },
  { name: 'frameset onload', html: '<frameset onload=alert(1)>' },
];
