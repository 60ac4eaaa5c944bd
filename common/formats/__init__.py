"""The portal's own date formats for Norwegian (FORMAT_MODULE_PATH): one way to write a date on a page.

Tables and lists write `3.12.2026` (SHORT_DATE_FORMAT, `|date:"SHORT_DATE_FORMAT"`), prose writes
`3. desember 2026` (DATE_FORMAT, plain `|date`), month abbreviations are lower case (`des.`), and no page
shows an ISO date. Input still accepts both `3.12.2026` and ISO (the date pickers send ISO).
"""
