import UnderstudyGoldenImage
import UnderstudyGoldenImageTesting
import Testing

/// The Swift Testing flavour links and passes on a matching golden.
@Test func expectImageMatches_passesOnAMatchingGolden() throws {
    let golden = Fixture.path("figure-small-a.png")
    #expect(expectImageMatches(try RGBAImage(contentsOfPNG: golden), golden: golden))
}
