// Sending photos to the server: chosen or dropped files in small batches, with how many have been sent.
import { $, guarded, showError } from './dom.js';
import { api, projectUrl } from './api.js';
import { loadProjects, render } from './projects.js';
/** @typedef {import('./contract.js').AddedPhotosResponse} AddedPhotosResponse */

/** A batch holds at most this many photos or bytes, so that progress shows and no request nears the server's limit. */
const BATCH_PHOTOS = 10;
const BATCH_BYTES = 16 << 20;

export function dropTarget(zone, onFiles) {
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    guarded(() => onFiles([...e.dataTransfer.files]));
  });
}

/**
 * Uploads the files to the class in batches, showing how many have been sent; the photos the server refuses are
 * listed once at the end, with the reason for each. `burst` marks frames recorded together by the webcam.
 * Returns how many photos were added (a photo already in the class is not added again).
 */
export async function upload(className, files, burst = null) {
  const rejected = [];
  let sent = 0, added = 0;
  try {
    for (const batch of batches(files)) {
      showUploading(className, sent, files.length);
      const form = new FormData();
      if (burst) form.append('burst', burst);
      for (const file of batch) form.append('files', file, file.name);
      try {
        const result = await api(projectUrl(`/classes/${encodeURIComponent(className)}/images`), { method: 'POST', body: form });
        render(result.project);
        rejected.push(...result.rejected);
        added += result.added;
      } catch (e) {
        if (!e.body?.rejected) throw e;
        rejected.push(...e.body.rejected);
      }
      sent += batch.length;
    }
  } finally {
    $('upload-status').hidden = true;
  }
  if (rejected.length) showRejected(rejected);
  await loadProjects();
  return added;
}

function* batches(files) {
  let batch = [], bytes = 0;
  for (const file of files) {
    if (batch.length > 0 && (batch.length === BATCH_PHOTOS || bytes + file.size > BATCH_BYTES)) {
      yield batch;
      batch = []; bytes = 0;
    }
    batch.push(file);
    bytes += file.size;
  }
  if (batch.length > 0) yield batch;
}

function showUploading(className, sent, total) {
  $('upload-status').hidden = false;
  $('upload-text').textContent = `Uploading photos to ${className}: ${sent}/${total}`;
  $('upload-progress', HTMLProgressElement).value = sent / total;
}

const showRejected = (rejected) =>
  showError(`${rejected.length} file(s) were not added:\n` + rejected.map((r) => `${r.name}: ${r.reason}`).join('\n'));

/** Shows the outcome of a folder import. */
/** @param {AddedPhotosResponse} result */
export function report(result) {
  render(result.project);
  if (result.rejected.length) showRejected(result.rejected);
  loadProjects();
}
