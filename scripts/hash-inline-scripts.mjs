// Trunk post-build hook: the page's Content-Security-Policy allows no inline script, except the
// ones the build itself wrote (Trunk's loader), by their SHA-256. Replaces the `%INLINE_SCRIPTS%`
// placeholder of index.html's policy with their hashes; an inline event handler (`on…=`) fails
// the build, as the policy would refuse it anyway.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run by trunk as a post_build hook');
const file = join(staging, 'index.html');
const html = readFileSync(file, 'utf8');
if (html.split('%INLINE_SCRIPTS%').length !== 2) throw new Error('index.html must hold %INLINE_SCRIPTS% once, in its policy');
if (/<[^>]+\son[a-z]+\s*=/i.test(html)) throw new Error('index.html holds an inline event handler');
const hashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)]
  .map(([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
writeFileSync(file, html.replace('%INLINE_SCRIPTS%', hashes.join(' ') || "'none'"));
