import type { WebflowHandler } from './scratch.js';
import type { Site } from './store.js';
import { callerToken } from './auth.js';
import { notFound } from './find.js';
import { SITE_NOT_FOUND } from './errors.js';

type Locale = Site['locales']['primary'];

/** A locale in the reference's schema order. */
const toLocale = (l: Locale): Locale => ({
  id: l.id, cmsLocaleId: l.cmsLocaleId, enabled: l.enabled, displayName: l.displayName, displayImageId: l.displayImageId,
  redirect: l.redirect, subdirectory: l.subdirectory, tag: l.tag,
});

/**
 * A site in the reference's schema order (the live order is not on record). Fields a site stored before
 * they existed lacks are left out, not made up: the SDK reads every one but `id` as optional.
 */
export function toSite(s: Site): Site {
  const picked: Partial<Site> = {
    id: s.id, workspaceId: s.workspaceId, createdOn: s.createdOn, displayName: s.displayName, shortName: s.shortName,
    lastPublished: s.lastPublished, lastUpdated: s.lastUpdated, previewUrl: s.previewUrl, timeZone: s.timeZone,
    parentFolderId: s.parentFolderId,
    customDomains: s.customDomains?.map((d) => ({ id: d.id, url: d.url, lastPublished: d.lastPublished })),
    locales: s.locales && { primary: toLocale(s.locales.primary), secondary: s.locales.secondary.map(toLocale) },
    dataCollectionEnabled: s.dataCollectionEnabled, dataCollectionType: s.dataCollectionType,
  };
  return Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined)) as Site;
}

/** "All sites the provided access token is able to access": a site token's one site, in the token's order. */
export const listSites: WebflowHandler = (_req, ctx) => {
  const sites = callerToken(ctx).site_ids.flatMap((id) => ctx.store.shared.get('sites', id) ?? []);
  return { status: 200, json: { sites: sites.map(toSite) } };
};

/** The site in the path: `authorize` has checked that it exists and that the token reaches it. */
export const getSite: WebflowHandler = (_req, ctx) => {
  const site = ctx.store.shared.get('sites', ctx.params['site_id']!);
  if (!site) throw notFound(SITE_NOT_FOUND);
  return { status: 200, json: toSite(site) };
};
