// The file name the save dialog suggests for a memo.

/**
 * Returns a file name such as `Netflix-Terms-of-Service-memo-2026-12-01.pdf`. It joins the
 * platform, the document when one is chosen and the until date when given. Every run of
 * characters other than letters, digits, dots and hyphens becomes one hyphen, and leading
 * dots and hyphens are dropped, so the name can neither hide the file nor leave the folder.
 */
export function memoFileName(platform: string, document: string, until: string): string {
  const parts = [platform, document, "memo", until].filter((part) => part.trim() !== "");
  const joined = parts.join(" ");
  const safe = joined.replace(/[^\p{L}\p{N}.-]+/gu, "-").replace(/^[-.]+|-+$/g, "");
  return `${safe === "" ? "memo" : safe}.pdf`;
}
