"""Writers of the regulatory reports (REEN workbook, AGEC CSV, BEGES, NumEcoEval export)."""
