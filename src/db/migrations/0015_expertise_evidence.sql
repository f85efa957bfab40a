-- 0015: "who knows X" reads evidence from content too (issue 6, point 5):
-- rows of kind 'post', 'answer' and 'article' in the derived `expertise`
-- index (core/expertise_evidence.c). The index is derived: emptying it
-- here makes `plein serve` rebuild it at its next start
-- (expertise_needs_rebuild), evidence included, instead of running with
-- profile rows only until someone writes.
DELETE FROM expertise;
