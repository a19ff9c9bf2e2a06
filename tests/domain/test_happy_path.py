from interviews.enums import RequestStatus, TransitionEvent
from tests import builders


def test_accepting_a_time_confirms_the_meeting(student, mentor):
    request = builders.confirm(student, mentor)

    assert request.status == RequestStatus.CONFIRMED
    assert request.meeting.starts_at == builders.first_slot(request).starts_at
    assert request.meeting.video_link == "https://meet.example.com/mentor-room"
    assert list(request.transitions.values_list("event", flat=True)) == [
        TransitionEvent.SENT,
        TransitionEvent.ACCEPTED,
    ]
