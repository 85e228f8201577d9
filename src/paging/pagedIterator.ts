/**
 * Settings for iterating a listing page by page.
 */
export interface PageSettings {
  /**
   * Where to resume: the `continuationToken` of a page returned earlier (the service's next link).
   * @default undefined (start at the first page)
   */
  continuationToken?: string;
  /**
   * The largest number of items per page (sent as `maxresults`; the service accepts 1–25).
   * @default undefined (the service's default, 25)
   */
  maxPageSize?: number;
}

/**
 * One page of a listing: an array of items that, when more pages follow, carries the link to the next one
 * as a non-enumerable `continuationToken` (so it shows up in neither `JSON.stringify` nor equality checks).
 * Still assignable to and from a plain `T[]`, the page type of `@azure/core-paging`.
 */
export type ContinuablePage<TElement> = TElement[] & {
  /** Pass to `byPage({ continuationToken })` to resume after this page; absent on the last page. */
  continuationToken?: string;
};

/**
 * An async iterator over the items of a listing that can also iterate page by page. Structurally the same as
 * the `PagedAsyncIterableIterator` of `@azure/core-paging`, and assignable both ways.
 *
 * Pages are {@link ContinuablePage}s: every page that has a successor carries its next link as
 * `page.continuationToken`, which `byPage({ continuationToken })` accepts to resume.
 */
export interface PagedAsyncIterableIterator<
  TElement,
  TPage = ContinuablePage<TElement>,
  TPageSettings = PageSettings,
> {
  /** Resolves to the next item (part of the async iteration protocol). */
  next(): Promise<IteratorResult<TElement>>;
  /** Returns this iterator, so it works with `for await`. */
  [Symbol.asyncIterator](): PagedAsyncIterableIterator<TElement, TPage, TPageSettings>;
  /** Returns an async iterator over whole pages, starting where `settings.continuationToken` says. */
  byPage: (settings?: TPageSettings) => AsyncIterableIterator<TPage>;
}

/** One page as fetched from the service: its items and, when more pages follow, the link to the next one. */
export interface PageResult<T> {
  /** The items of this page (possibly none: an empty page does not end a listing). */
  items: T[];
  /** The service's `nextLink`, verbatim; absent or empty on the last page. */
  nextLink?: string;
}

/**
 * Fetches one page. `pageLink` is undefined for the first request and otherwise the service's `nextLink`
 * verbatim; `maxPageSize` is the caller's requested page size, if any.
 */
export type FetchPage<T> = (
  pageLink: string | undefined,
  maxPageSize: number | undefined,
) => Promise<PageResult<T>>;

/** Attaches the next link to a page without making it show up in equality checks or `JSON.stringify`. */
function toPage<T>(items: T[], nextLink: string | undefined): ContinuablePage<T> {
  const page = [...items];
  if (nextLink) {
    Object.defineProperty(page, "continuationToken", {
      value: nextLink,
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  return page;
}

/**
 * How many times in a row a page may link to itself before the listing gives up. A service (or the emulator's
 * empty-page fault) may answer an empty page pointing at the same URL once; endlessly doing so is a fault
 * that would otherwise spin forever.
 */
const MAX_SELF_LINKS_IN_A_ROW = 100;

async function* iteratePages<T>(
  fetchPage: FetchPage<T>,
  settings: PageSettings = {},
): AsyncGenerator<ContinuablePage<T>> {
  const { maxPageSize } = settings;
  let pageLink = settings.continuationToken || undefined;
  let selfLinks = 0;
  for (;;) {
    const { items, nextLink } = await fetchPage(pageLink, maxPageSize);
    yield toPage(items, nextLink || undefined);
    if (!nextLink) return;
    selfLinks = nextLink === pageLink ? selfLinks + 1 : 0;
    if (selfLinks >= MAX_SELF_LINKS_IN_A_ROW) {
      throw new Error(`The service returned the same nextLink ${MAX_SELF_LINKS_IN_A_ROW} times in a row.`);
    }
    pageLink = nextLink;
  }
}

async function* iterateItems<T>(fetchPage: FetchPage<T>): AsyncGenerator<T> {
  for await (const page of iteratePages(fetchPage)) {
    yield* page;
  }
}

/**
 * Creates a {@link PagedAsyncIterableIterator} over a listing that follows the service's `nextLink` verbatim
 * and keeps going past empty pages. Nothing is fetched until iteration starts.
 *
 * @param fetchPage - fetches one page given the link (undefined for the first page) and the page size.
 */
export function createPagedIterator<T>(fetchPage: FetchPage<T>): PagedAsyncIterableIterator<T> {
  const items = iterateItems(fetchPage);
  const iterator: PagedAsyncIterableIterator<T> = {
    next: () => items.next(),
    [Symbol.asyncIterator]: () => iterator,
    byPage: (settings?: PageSettings) => iteratePages(fetchPage, settings),
  };
  return iterator;
}
