"""Score sheets per published standard (一卷一表): a profile's `sheet:` maps its rules and judgement
items to the item numbers, stage subtotals and per-item caps of a 评查标准 (`model`); `rows` fills
the sheet for one result, `xlsx` and `docx` write it for the panel to sign."""
