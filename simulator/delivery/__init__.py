"""Media delivery as Kaltura's CDN front ends give it: playManifest, the HLS packager, progressive download.

`routes.bp` is the Flask blueprint; the other modules hold the behaviour (who may fetch what, which flavors a
manifest lists, how a file is served, what the journal records). Every response streams from files ingest
wrote; nothing here runs ffmpeg.
"""
