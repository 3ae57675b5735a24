// Package vectors holds the Standard Webhooks known-answer vectors that the tests of several
// packages share, each with its source, so that every test checks the same published values.
package vectors

// S1: the vector of every official Standard Webhooks library's tests (go, js, python, php,
// ruby, java, csharp), all Svix SDK tests, and svix-server's worker.rs.
const (
	S1Secret     = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" // 24 bytes
	S1ID         = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	S1Timestamp  = 1614265330
	S1TimeText   = "1614265330"
	S1Body       = `{"test": 2432232314}` // 20 bytes
	S1Signature  = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	S2Secret     = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD" // S2: libraries/rust/src/lib.rs, svix rust/src/webhooks.rs
	S2ID         = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"
	S2Timestamp  = 1649367553
	S2TimeText   = "1649367553"
	S2Body       = `{"email":"test@example.com","username":"test_user"}`
	S2Signature  = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
	A1PrivateKey = "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==" // A1: svix-server worker.rs test_asymmetric_key_signing
	A1PublicKey  = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4="                                             // derived; also in svix types/mod.rs tests
	A1Signature  = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg=="  // id, timestamp, body as S1
	OtherSecret  = "whsec_YW5vdGhlci1zZWNyZXQtb2YtMzItYnl0ZXMuLi4="                                                // an unrelated 29-byte secret (ours)
)
