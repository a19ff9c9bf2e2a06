"""What advisors measure: figures, charts' series, breakdowns and lists that lead to action.

Every figure is one aggregate query over the base tables (the milestones on
InterviewRequest and Meeting make that possible without replaying history),
so that it is exactly what a hand-written SQL query gives and the number of
queries does not grow with the data. The selection rules live in `scope.py`.
"""
