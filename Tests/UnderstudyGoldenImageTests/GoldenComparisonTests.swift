import UnderstudyGoldenImage
import UnderstudyGoldenImageTesting
import XCTest

final class GoldenComparisonTests: XCTestCase {
    func test_identicalDecodePasses() throws {
        let image = try Fixture.image("figure-small-a.png")
        let result = compareToGolden(image, golden: Fixture.path("figure-small-a.png"), options: GoldenOptions())
        XCTAssertEqual(result, .identical(golden: Fixture.path("figure-small-a.png")))
        XCTAssertTrue(result.passed)
    }

    func test_differencesWithinTheAllowedCountPass() throws {
        let shifted = try Fixture.image("figure-small-text.png")   // 1 differing pixel
        let golden = Fixture.path("figure-small-a.png")
        let result = compareToGolden(shifted, golden: golden, options: GoldenOptions(maxDifferingPixels: 1))
        XCTAssertEqual(result, .withinTolerance(golden: golden, differingPixels: 1, totalPixels: 24000))
    }

    func test_failureWritesActualExpectedAndDiffImagesAndSaysWhere() throws {
        let directory = try makeTemporaryDirectory()
        let golden = directory + "/chart.png"
        try FileManager.default.copyItem(atPath: Fixture.path("figure-small-a.png"), toPath: golden)
        let actual = try Fixture.image("figure-small-shifted.png")

        let result = compareToGolden(actual, golden: golden, options: GoldenOptions())
        XCTAssertFalse(result.passed)
        let failures = directory + "/__failures__"
        let written = [failures + "/chart.actual.png", failures + "/chart.expected.png", failures + "/chart.diff.png"]
        XCTAssertEqual(result, .differs(golden: golden, differingPixels: 1000, antialiasedPixels: 1933,
                                        totalPixels: 24000, allowed: 0, threshold: 0.1, artifacts: written))
        XCTAssertEqual(result.message, "\(golden): 1000 of 24000 pixels differ (allowed 0, threshold 0.1, "
                       + "1933 more only by anti-aliasing); wrote \(written.joined(separator: ", "))")
        XCTAssertEqual(try RGBAImage(contentsOfPNG: written[0]), actual)
        XCTAssertEqual(FileManager.default.contents(atPath: written[1]), FileManager.default.contents(atPath: golden))
        let diff = try RGBAImage(contentsOfPNG: written[2])
        XCTAssertEqual(diff, try PixelMatch.compare(Fixture.image("figure-small-a.png"), actual, makeDiffImage: true).diffImage)
    }

    func test_failuresDirectoryCanBeChosen() throws {
        let directory = try makeTemporaryDirectory()
        let elsewhere = directory + "/out/nested"
        let result = compareToGolden(try Fixture.image("noise-b.png"), golden: Fixture.path("noise-a.png"),
                                     options: GoldenOptions(failuresDirectory: elsewhere))
        guard case let .differs(_, differing, _, _, _, _, artifacts) = result else { return XCTFail("\(result)") }
        XCTAssertEqual(differing, 47)
        XCTAssertEqual(artifacts, [elsewhere + "/noise-a.actual.png", elsewhere + "/noise-a.expected.png",
                                   elsewhere + "/noise-a.diff.png"])
        XCTAssertTrue(artifacts.allSatisfy(fileExists))
    }

    func test_sizeMismatchFailsAndWritesBothImages() throws {
        let directory = try makeTemporaryDirectory()
        let golden = directory + "/g.png"
        try RGBAImage(width: 4, height: 3).writePNG(to: golden)
        let result = compareToGolden(RGBAImage(width: 5, height: 3), golden: golden, options: GoldenOptions())
        XCTAssertEqual(result.message, "\(golden): the image is 5×3 but the golden is 4×3 (expected equal sizes); "
                       + "wrote \(directory)/__failures__/g.actual.png, \(directory)/__failures__/g.expected.png")
        XCTAssertTrue(fileExists(directory + "/__failures__/g.actual.png"))
    }

    func test_recordModeWritesTheGoldenAndFails() throws {
        let directory = try makeTemporaryDirectory()
        let golden = directory + "/__Goldens__/new/chart.png"
        let image = try Fixture.image("figure-small-a.png")
        let result = compareToGolden(image, golden: golden, options: GoldenOptions(record: true))
        XCTAssertEqual(result, .recorded(golden: golden, size: "200×120"))
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.message,
                       "\(golden): recorded a new golden image (200×120); re-run without UNDERSTUDY_RECORD to compare against it")
        XCTAssertEqual(try RGBAImage(contentsOfPNG: golden), image)
        // The next, non-recording run passes.
        XCTAssertTrue(compareToGolden(image, golden: golden, options: GoldenOptions()).passed)
        // Recording again overwrites.
        let other = try Fixture.image("figure-small-shifted.png")
        _ = compareToGolden(other, golden: golden, options: GoldenOptions(record: true))
        XCTAssertEqual(try RGBAImage(contentsOfPNG: golden), other)
    }

    func test_missingGoldenSaysHowToRecord() throws {
        let golden = try makeTemporaryDirectory() + "/absent.png"
        let result = compareToGolden(RGBAImage(width: 2, height: 2), golden: golden, options: GoldenOptions(),
                                     testName: "test_chart")
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.message,
                       "\(golden): no golden image yet (record it with: UNDERSTUDY_RECORD=1 swift test --filter test_chart)")
        XCTAssertFalse(fileExists(golden))
    }

    func test_corruptGoldenIsReported() throws {
        let golden = try makeTemporaryDirectory() + "/broken.png"
        _ = FileManager.default.createFile(atPath: golden, contents: Data("not an image".utf8))
        let result = compareToGolden(RGBAImage(width: 2, height: 2), golden: golden, options: GoldenOptions())
        XCTAssertEqual(result.message, "\(golden): cannot use the golden image: \(golden): not a PNG image "
                       + "(no PNG signature in the first 8 bytes) (re-record it with UNDERSTUDY_RECORD=1)")
    }

    func test_environmentSelectsRecordModeAndFailuresDirectory() {
        // Restore what the caller set: `UNDERSTUDY_RECORD=1 swift test` records the other goldens too.
        let names: [String] = ["UNDERSTUDY_RECORD", "UNDERSTUDY_GOLDEN_FAILURES"]
        let saved: [(String, String?)] = names.map { name in (name, getenv(name).map { String(cString: $0) }) }
        defer { for (name, value) in saved { if let value { setenv(name, value, 1) } else { unsetenv(name) } } }
        setenv("UNDERSTUDY_RECORD", "1", 1)
        setenv("UNDERSTUDY_GOLDEN_FAILURES", "/tmp/somewhere", 1)
        let options = GoldenOptions().withEnvironment()
        XCTAssertTrue(options.record)
        XCTAssertEqual(options.failuresDirectory, "/tmp/somewhere")
        setenv("UNDERSTUDY_RECORD", "0", 1)
        XCTAssertFalse(GoldenOptions().withEnvironment().record)
    }

    func test_goldenPathFollowsTheTestFile() {
        XCTAssertEqual(goldenPath("chart", testFile: "/p/Tests/PlotTests/LineTests.swift"),
                       "/p/Tests/PlotTests/__Goldens__/LineTests/chart.png")
    }

    func test_assertImageMatchesPassesOnAMatchingGolden() throws {
        assertImageMatches(try Fixture.image("figure-small-a.png"), golden: Fixture.path("figure-small-a.png"))
        assertImageMatches(try Fixture.image("figure-small-text.png"), golden: Fixture.path("figure-small-a.png"),
                           maxDifferingPixels: 1)
    }

    func test_diffImagesReportsCountsAndWritesTheDiff() throws {
        let out = try makeTemporaryDirectory() + "/d/diff.png"
        let result = try diffImages(a: Fixture.path("text-a.png"), b: Fixture.path("text-subpixel.png"),
                                    out: out, threshold: 0.1, includeAA: false)
        XCTAssertEqual(result, DiffResult(width: 160, height: 48, differingPixels: 59, antialiasedPixels: 548,
                                          diffImagePath: out))
        XCTAssertEqual(try RGBAImage(contentsOfPNG: out),
                       try Fixture.image("text-a_vs_text-subpixel.pixelmatch-py.diff.png"))
    }

    func test_diffImagesRejectsBadInputWithoutWriting() throws {
        let out = try makeTemporaryDirectory() + "/diff.png"
        XCTAssertThrowsError(try diffImages(a: Fixture.path("text-a.png"), b: Fixture.path("noise-a.png"),
                                            out: out, threshold: 0.1, includeAA: false)) { error in
            XCTAssertEqual((error as? GoldenImageError)?.message,
                           "error: \(Fixture.path("text-a.png")) is 160×48 but \(Fixture.path("noise-a.png")) is 64×48 (expected equal sizes)")
        }
        XCTAssertThrowsError(try diffImages(a: "missing.png", b: Fixture.path("noise-a.png"),
                                            out: out, threshold: 0.1, includeAA: false)) { error in
            XCTAssertEqual((error as? GoldenImageError)?.message, "error: missing.png: cannot read (No such file or directory)")
        }
        XCTAssertFalse(fileExists(out))
    }
}
