/**
 * Every item of a paged list. A page may hold fewer items than asked (a target may cap the page
 * size, or hide items the caller may not view), so a short page is not the end: the end is an
 * empty page, or the total the target announces, or a page with nothing new (a target that
 * ignores the page number would otherwise be read forever).
 */
export interface Page<T> {
  items: T[];
  /** How many items match, when the target says (`meta.total_filtered`, else `meta.total`). */
  total?: number;
}

export async function* everyItem<T extends { id: string }>(
  pageAt: (pageNumber: number) => Promise<Page<T>>,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  for (let pageNumber = 0; ; pageNumber++) {
    const page = await pageAt(pageNumber);
    const fresh = page.items.filter((item) => !seen.has(item.id));
    for (const item of fresh) {
      seen.add(item.id);
      yield item;
    }
    if (fresh.length === 0) return;
    if (page.total !== undefined && seen.size >= page.total) return;
  }
}
