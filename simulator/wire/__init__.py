"""The api_v3 wire protocol: parameters in, typed arguments, dispatch, XML and JSON out."""
