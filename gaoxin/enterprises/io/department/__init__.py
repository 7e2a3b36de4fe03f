"""Department data import (部门数据导入): a zone official imports a department's list — the
high-tech recognition list of the science department, the SRDI lists of the industry
department, the statistics bureau's yearly figures, the tax bureau's figures — as *verified*
facts with the department as their source, and the pending declarations the list confirms are
verified with it. All or nothing, on the generic import machinery (gaoxin/core/imports.py).
See docs/import-export.md, "Department data".
"""
