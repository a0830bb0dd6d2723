// The REACH vendor flow through Kaltura's official Node.js client (npm `kaltura-client`), unchanged:
// start a vendor session, take a PENDING job, mark it PROCESSING, read the entry with the task's access key,
// deliver an attachment with it, and mark the job READY. Inputs come from the environment; the outcome is
// printed as one JSON line. Run by tests/test_node_client.py.
const kaltura = require('kaltura-client');

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};

function clientFor(ks) {
  const config = new kaltura.Configuration();
  config.serviceUrl = env('REACHSIM_URL');
  const client = new kaltura.Client(config);
  if (ks) client.setKs(ks);
  return client;
}

function run(request, client) {
  return new Promise((resolve, reject) => {
    request
      .completion((success, result) => (success ? resolve(result) : reject(new Error(`${result.code}: ${result.message}`))))
      .execute(client);
  });
}

async function main() {
  const vendorPartnerId = Number(env('VENDOR_PARTNER_ID'));
  const ks = await run(
    kaltura.services.session.start(env('VENDOR_SECRET'), null, kaltura.enums.SessionType.ADMIN, vendorPartnerId),
    clientFor(null),
  );
  const vendor = clientFor(ks);
  const filter = new kaltura.objects.EntryVendorTaskFilter({ statusEqual: kaltura.enums.EntryVendorTaskStatus.PENDING });
  const jobs = await run(kaltura.services.entryVendorTask.getJobs(filter), vendor);
  const job = jobs.objects[0];
  const processing = new kaltura.objects.EntryVendorTask({ status: kaltura.enums.EntryVendorTaskStatus.PROCESSING });
  await run(kaltura.services.entryVendorTask.updateJob(job.id, processing), vendor);

  const withKey = clientFor(job.accessKey);
  const entry = await run(kaltura.services.baseEntry.get(job.entryId), withKey);
  const asset = await run(
    kaltura.services.attachmentAsset.add(
      job.entryId,
      new kaltura.objects.AttachmentAsset({ filename: 'ocr.json', title: 'OCR', format: kaltura.enums.AttachmentType.JSON }),
    ),
    withKey,
  );
  const content = new kaltura.objects.StringResource({ content: '{"words": []}' });
  const filled = await run(kaltura.services.attachmentAsset.setContent(asset.id, content), withKey);

  const ready = new kaltura.objects.EntryVendorTask({
    status: kaltura.enums.EntryVendorTaskStatus.READY,
    outputObjectId: asset.id,
  });
  const done = await run(kaltura.services.entryVendorTask.updateJob(job.id, ready), vendor);
  console.log(JSON.stringify({
    taskId: String(job.id),
    jobsSeen: jobs.totalCount,
    entryId: entry.id,
    downloadUrl: entry.downloadUrl,
    assetId: asset.id,
    assetStatus: String(filled.status),
    finalStatus: done.status,
    outputObjectId: done.outputObjectId,
  }));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
