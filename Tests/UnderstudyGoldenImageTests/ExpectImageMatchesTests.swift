import UnderstudyGoldenImage
import UnderstudyGoldenImageSwiftTesting
import Testing
import Foundation

/// The Swift Testing flavour links and passes on a matching golden.
@Test func expectImageMatches_passesOnAMatchingGolden() throws {
    let golden = Fixture.path("figure-small-a.png")
    #expect(expectImageMatches(try RGBAImage(contentsOfPNG: golden), golden: golden))
}

/// The trait sets the record mode of what runs inside it.
@Test(.goldenImages(record: .never)) func goldenImagesTrait_setsTheRecordMode() {
    #expect(GoldenRecordMode.current == .never)
    #expect(GoldenOptions().withEnvironment().recordMode == .never)
}

@Suite(.goldenImages(record: .failed)) struct GoldenImagesSuiteTrait {
    @Test func appliesToEveryTestOfTheSuite() {
        #expect(GoldenRecordMode.current == .failed)
    }
}
