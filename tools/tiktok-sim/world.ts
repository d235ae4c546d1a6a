// The simulator's mutable state for ad accounts: the advertisers, and per advertiser its campaigns
// (generated on first use, so a 50 x 2,000 dataset costs nothing until it is read), the request_id
// idempotency index for campaign/create, and a version counter that invalidates cached report rows
// whenever a campaign changes. Knows nothing about HTTP, tokens or validation.

import { datasetShape, generateAdvertisers, generateCampaigns, uniqueId } from "./dataset.js";
import type { AdvertiserRecord, CampaignRecord, DatasetShape } from "./dataset.js";
import { mix, Rng } from "./prng.js";
import type { DatasetOption } from "./types.js";

export interface CampaignBook {
  list: CampaignRecord[];
  byId: Map<string, CampaignRecord>;
  /** campaign/create request_id → campaign id (docs/tiktok-api.md §5: retries create at most one campaign). */
  requestIds: Map<string, string>;
  version: number;
  ids: Set<string>;
  idRng: Rng;
}

export class World {
  readonly shape: DatasetShape;
  readonly advertisers: AdvertiserRecord[];
  private readonly byId: Map<string, AdvertiserRecord>;
  private readonly books = new Map<string, CampaignBook>();

  constructor(
    readonly seed: number,
    dataset: DatasetOption | undefined,
    /** The sim clock's starting time: generated histories end here. */
    readonly anchor: number,
  ) {
    this.shape = datasetShape(dataset);
    this.advertisers = generateAdvertisers(seed, this.shape, anchor);
    this.byId = new Map(this.advertisers.map((a) => [a.advertiser_id, a]));
  }

  advertiser(id: string): AdvertiserRecord | undefined {
    return this.byId.get(id);
  }

  book(adv: AdvertiserRecord): CampaignBook {
    let book = this.books.get(adv.advertiser_id);
    if (!book) {
      const list = generateCampaigns(
        this.seed,
        adv,
        this.shape.campaignsPerAdvertiser,
        this.shape.named[adv.index]?.campaigns,
        this.anchor,
      );
      book = {
        list,
        byId: new Map(list.map((c) => [c.id, c])),
        requestIds: new Map(),
        version: 0,
        ids: new Set(list.map((c) => c.id)),
        idRng: new Rng(mix(this.seed, 0xc7, adv.index)),
      };
      this.books.set(adv.advertiser_id, book);
    }
    return book;
  }

  /** A fresh campaign id for campaign/create, unlike any other of this advertiser's (19 digits, > 2^53: §1). */
  nextCampaignId(adv: AdvertiserRecord): string {
    const book = this.book(adv);
    return uniqueId("18", book.idRng, book.ids);
  }

  touched(adv: AdvertiserRecord): void {
    this.book(adv).version += 1;
  }
}
