/**
 * TikTok's page-numbered lists (`page` from 1, `page_info.total_page`), walked to the end.
 * We always ask for the largest page TikTok allows (1000): the default of 10 would cost 100× the calls.
 */
import { z } from "zod";

export const MAX_PAGE_SIZE = 1000;

export const pageInfoSchema = z.object({
  page: z.number(),
  page_size: z.number(),
  total_number: z.number(),
  total_page: z.number(),
});

export type PageInfo = z.infer<typeof pageInfoSchema>;

export interface Page<T> {
  items: T[];
  page: number;
  totalPages: number;
  totalItems: number;
}

/** Calls `fetchPage(1)`, `fetchPage(2)`… until the page number reaches `total_page` (an empty list also stops). */
export async function* walkPages<T>(
  fetchPage: (page: number) => Promise<{ items: T[]; pageInfo: PageInfo }>,
): AsyncGenerator<Page<T>> {
  for (let page = 1; ; page++) {
    const { items, pageInfo } = await fetchPage(page);
    yield { items, page, totalPages: pageInfo.total_page, totalItems: pageInfo.total_number };
    if (page >= pageInfo.total_page || items.length === 0) return;
  }
}

export async function collect<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page.items);
  return all;
}
