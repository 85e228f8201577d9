// Key Vault's limits on secret names, values, content types, tags and page sizes: the ground truth the
// request checks (service/) and the backup format (vault/) both read.

/** Secret names: 1–127 letters, digits and dashes (a leading digit or dash is legal). */
export const secretNamePattern = /^[0-9a-zA-Z-]{1,127}$/;

/**
 * The value limit. The docs say "25k bytes" while the Azure CLI enforces 25,600 characters; the emulator
 * counts JavaScript string length (UTF-16 code units), so 25,600 ASCII characters fit and one more does not.
 */
export const maxValueLength = 25_600;
/** Longest `contentType` in characters. */
export const maxContentTypeLength = 255;
/** Most tags on one version. */
export const maxTagCount = 15;
/** Longest tag name in characters. */
export const maxTagNameLength = 512;
/** Longest tag value in characters. */
export const maxTagValueLength = 512;
/** Page size bounds of `maxresults`; also the default page size. */
export const maxPageSize = 25;
