"""The review opinion (审查意见) on a report, as Word or Markdown.

>>> import fazhi
>>> from fazhi.opinion import build_opinion, to_docx, to_markdown
>>> doc = fazhi.analyze("报告.docx", review=True)
>>> open("审查意见.docx", "wb").write(to_docx(build_opinion(doc)))
"""

from fazhi.opinion.content import Opinion, Problem, build_opinion
from fazhi.opinion.markdown import to_markdown
from fazhi.opinion.word import to_docx

__all__ = ["Opinion", "Problem", "build_opinion", "to_docx", "to_markdown"]
