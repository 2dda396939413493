"""Formats: the engagement turned into files (the Excel workbook, OSCAL) and back."""
