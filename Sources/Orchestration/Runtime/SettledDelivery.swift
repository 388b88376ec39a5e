/// How recovery settled a message that a stop of the server caught mid-delivery.
package enum SettledDelivery: String, Sendable {
    /// Its text sat unsent in the agent's input line: the Enter was sent.
    case enterSent = "enter sent"
    /// It had been pasted and its Enter had gone: it counts as delivered.
    case alreadySubmitted = "already submitted"
    /// Its text never reached the pane: it went back to the queue, in its place.
    case requeued
    /// It could not be settled (the agent's window is gone): failed with the reason.
    case failed
}
