/**
 * Characters XML 1.0 does not allow even escaped (C0 controls other than tab, newline and carriage
 * return; lone surrogates; U+FFFE/U+FFFF). Service output or a broken response body may carry
 * them, and one of them makes a CI system reject the whole JUnit file.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in XML and HTML content and in quoted attributes: entities escaped, forbidden characters as U+FFFD. */
export function escapeMarkup(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
