/// The `review_submitted` event: a person sent an agent a review.
package struct ReviewSubmittedEvent: Encodable, Sendable {
    package var reviewId: Int64
    package var agentId: String
    package var author: String
    package var comments: Int
    package var messageId: Int64?

    package init(reviewId: Int64, agentId: String, author: String, comments: Int, messageId: Int64?) {
        self.reviewId = reviewId
        self.agentId = agentId
        self.author = author
        self.comments = comments
        self.messageId = messageId
    }

    enum CodingKeys: String, CodingKey {
        case author, comments
        case reviewId = "review_id"
        case agentId = "agent_id"
        case messageId = "message_id"
    }
}
