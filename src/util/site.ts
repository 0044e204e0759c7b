/**
 * @module util/site
 * A site's name: in the API, at a hub (URL-encoded in its paths) and on the report's cover.
 * Up to 100 characters with inner spaces; no control characters and none of `/ = ,`, which
 * separate site names in URLs and in `OEMSCAN_HUB_SITES` (`name=token,name=token`).
 */
export const SITE_NAME =
  /^[^\s/=,\u0000-\u001f\u007f]([^/=,\u0000-\u001f\u007f]{0,98}[^\s/=,\u0000-\u001f\u007f])?$/;
