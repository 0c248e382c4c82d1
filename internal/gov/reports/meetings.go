package reports

// meetingSource adapts the meetings service to what a report reads; nil while the meetings are
// not available to reports.
func (s *Service) meetingSource() MeetingSource {
	return nil
}
