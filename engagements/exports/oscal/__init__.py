"""OSCAL in and out: catalogs read in (catalogs.py) and an engagement's SSP written out (ssp.py)."""
