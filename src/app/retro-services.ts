/** The composition root's gallery and RFR part: the gallery index and the retro use cases. */
import type { ByteCipher } from '../storage/cipher.ts';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { openGalleryIndex, type OpenedGalleryIndex } from '../gallery/gallery-index.ts';
import { openGalleryIndexReplica } from '../gallery/gallery-index-replica.ts';
import { noGalleryIndex } from '../gallery/no-gallery-index.ts';
import { GalleryService } from '../gallery/gallery.service.ts';
import { GalleryRepository } from '../gallery/gallery.repository.ts';
import { CaseService } from '../retro/case.service.ts';
import { CaseRepository } from '../retro/case.repository.ts';
import { ProbeService } from '../retro/probe.service.ts';
import { SearchRepository } from '../retro/search.repository.ts';
import { ReviewRepository } from '../retro/review.repository.ts';
import type { Authorise, RetroUsers } from '../retro/retro.ports.ts';
import { authorise } from '../governance/authorise.ts';
import { identityRepository } from '../governance/identity/identity.repository.ts';
import { userNames } from '../governance/identity/user-names.ts';
import { SearchService } from '../retro/search.service.ts';
import { EvidenceService } from '../retro/evidence.service.ts';
import { SearchReviewService } from '../retro/search-review.service.ts';
import { chainedAudit } from '../governance/audit/audit-port.ts';
import type { ServicesContext, ServicesOptions } from './services-types.ts';

/** The gallery index this process keeps: the writer, a replica that follows it, or none. */
export async function openGalleryIndexFor(
  o: ServicesOptions,
  db: Kysely<VigilSchema>,
  cipher: ByteCipher,
  modelId: string,
  dimensions: number,
): Promise<OpenedGalleryIndex> {
  const { config } = o;
  return o.galleryIndex === 'none'
    ? noGalleryIndex(modelId, dimensions)
    : o.galleryIndex === 'replica'
      ? await openGalleryIndexReplica({
          db,
          cipher,
          dataDir: config.dataDir,
          modelId,
          dimensions,
          refreshEveryMs: config.galleryIndex.refreshSeconds * 1000,
          onRefresh: (r) => o.onIndexEvent?.('gallery index refreshed', { ...r }),
          onError: (err) => o.onIndexEvent?.('gallery index refresh failed', { err: String(err) }),
        })
      : await openGalleryIndex({
          db,
          cipher,
          dataDir: config.dataDir,
          modelId,
          dimensions,
          // Issue 14: the one writer catches up with what other processes (the CLI) commit.
          refreshEveryMs: config.galleryIndex.refreshSeconds * 1000,
          onCatchUp: (r) => o.onIndexEvent?.('gallery index caught up', { ...r }),
          onError: (err) => o.onIndexEvent?.('gallery index catch-up failed', { err: String(err) }),
          ...(o.indexSaveEveryMs !== undefined ? { saveEveryMs: o.indexSaveEveryMs } : {}),
        });
}

export function retroServices(ctx: ServicesContext) {
  const { o, db, media, cipher, clock, uow, galleryIndex, thresholdInForce } = ctx;
  const { config } = o;
  // Issue 16: the gallery and retro use cases get their repositories, the audit, the one clock
  // and governance's checks injected.
  const authoriseIn: Authorise = (who, permission, target) => authorise(db, who, permission, target);
  const retroUsers: RetroUsers = {
    account: async (username) => {
      const user = await identityRepository.findUserByUsername(db, username);
      return user && { disabled: user.disabled !== 0 };
    },
    displayNames: (usernames) => userNames(db, usernames),
  };
  const caseRows = new CaseRepository();
  const searchRows = new SearchRepository();
  const retroSeams = { db, uow, audit: chainedAudit, clock };
  const gallery = new GalleryService({
    ...retroSeams,
    repo: new GalleryRepository(),
    authorise: authoriseIn,
    engine: o.engine,
    media,
    cipher,
    index: galleryIndex.index,
    onIndexChanged: galleryIndex.markChanged,
    threshold: thresholdInForce,
    // The strictest calibrated point, never below the threshold in force (see the README's gallery section).
    duplicateThreshold: (id) =>
      Math.max(
        thresholdInForce(id).threshold,
        o.calibrations().models[id]?.thresholds['1e-4'] ?? thresholdInForce(id).threshold,
      ),
  });
  const cases = new CaseService({
    ...retroSeams,
    repo: caseRows,
    searchRows,
    authorise: authoriseIn,
    users: retroUsers,
    offenceTypes: config.retro.offenceTypes,
  });
  const probes = new ProbeService({
    ...retroSeams,
    repo: caseRows,
    cases,
    media,
    engine: o.engine,
    analyseVideo: o.analyseVideo,
  });
  const searches = new SearchService({
    ...retroSeams,
    repo: searchRows,
    cases,
    probes,
    gallery,
    authorise: authoriseIn,
    engine: o.engine,
    index: galleryIndex.index,
    threshold: thresholdInForce,
    enhance: o.enhance,
    policy: {
      defaultCandidates: config.retro.defaultCandidates,
      maxCandidates: config.retro.maxCandidates,
      minScore: config.retro.minScore,
      authorisationWithinHours: config.retro.authorisationWithinHours,
    },
  });
  const evidence = new EvidenceService({
    db,
    cases,
    probes,
    searches,
    gallery,
    audit: chainedAudit,
    authorise: authoriseIn,
    media,
    engine: o.engine,
  });
  const reviews = new SearchReviewService({
    ...retroSeams,
    reviews: new ReviewRepository(),
    searches: searchRows,
    users: retroUsers,
  });
  return { gallery, cases, probes, searches, evidence, reviews };
}
