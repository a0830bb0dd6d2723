"""Runs kaltura-uploader's own command line (`kaltura_uploader.cli.main`) against a reachsim URL.

The tool has no option for the Kaltura address: it is a module constant (`https://www.kaltura.com/`), so this
points that constant at the simulator and changes nothing else. Usage, with KALTURA_PARTNER_ID and
KALTURA_ADMIN_SECRET in the environment as the tool reads them: `run_cli.py URL [the tool's arguments...]`."""

import sys

from kaltura_uploader import cli, uploader

url = sys.argv[1].rstrip("/")
uploader.KALTURA_SERVICE_URL = f"{url}/"
uploader.KALTURA_API_URL = f"{url}/api_v3/"
sys.argv = ["kaltura_uploader", *sys.argv[2:]]
sys.exit(cli.main())
