import UnderstudyGoldenImage
import UnderstudyGoldenImageXCTest
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
        let failures = defaultFailuresDirectory(for: directory)
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
        let failures = defaultFailuresDirectory(for: directory)
        XCTAssertEqual(result.message, "\(golden): the image is 5×3 but the golden is 4×3 (expected equal sizes); "
                       + "wrote \(failures)/g.actual.png, \(failures)/g.expected.png")
        XCTAssertTrue(fileExists(failures + "/g.actual.png"))
        XCTAssertFalse(fileExists(directory + "/__failures__"), "nothing written beside the golden")
    }

    func test_recordModeWritesTheGoldenAndFails() throws {
        let directory = try makeTemporaryDirectory()
        let golden = directory + "/__Goldens__/new/chart.png"
        let image = try Fixture.image("figure-small-a.png")
        let result = compareToGolden(image, golden: golden, options: GoldenOptions(recordMode: .all))
        XCTAssertEqual(result, .recorded(golden: golden, size: "200×120"))
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.message,
                       "\(golden): recorded a new golden image (200×120); re-run to compare against it")
        XCTAssertEqual(try RGBAImage(contentsOfPNG: golden), image)
        // The next, non-recording run passes.
        XCTAssertTrue(compareToGolden(image, golden: golden, options: GoldenOptions()).passed)
        // Recording again overwrites.
        let other = try Fixture.image("figure-small-shifted.png")
        _ = compareToGolden(other, golden: golden, options: GoldenOptions(recordMode: .all))
        XCTAssertEqual(try RGBAImage(contentsOfPNG: golden), other)
    }

    func test_missingGoldenSaysHowToRecord() throws {
        let golden = try makeTemporaryDirectory() + "/absent.png"
        let result = compareToGolden(RGBAImage(width: 2, height: 2), golden: golden,
                                     options: GoldenOptions(recordMode: .never), testName: "test_chart")
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.message,
                       "\(golden): no golden image yet (record it with: UNDERSTUDY_RECORD=missing swift test --filter test_chart)")
        XCTAssertFalse(fileExists(golden))
    }

    func test_corruptGoldenIsReported() throws {
        let golden = try makeTemporaryDirectory() + "/broken.png"
        _ = FileManager.default.createFile(atPath: golden, contents: Data("not an image".utf8))
        let result = compareToGolden(RGBAImage(width: 2, height: 2), golden: golden, options: GoldenOptions())
        XCTAssertEqual(result.message, "\(golden): cannot use the golden image: \(golden): not a PNG image "
                       + "(no PNG signature in the first 8 bytes) (re-record it with UNDERSTUDY_RECORD=all)")
    }

    func test_environmentSelectsRecordModeAndFailuresDirectory() {
        // Restore what the caller set: `UNDERSTUDY_RECORD=1 swift test` records the other goldens too.
        let names: [String] = ["UNDERSTUDY_RECORD", "UNDERSTUDY_GOLDEN_FAILURES"]
        let saved: [(String, String?)] = names.map { name in (name, getenv(name).map { String(cString: $0) }) }
        defer { for (name, value) in saved { if let value { setenv(name, value, 1) } else { unsetenv(name) } } }
        setenv("UNDERSTUDY_RECORD", "1", 1)
        setenv("UNDERSTUDY_GOLDEN_FAILURES", "/tmp/somewhere", 1)
        let options = GoldenOptions().withEnvironment()
        XCTAssertEqual(options.recordMode, .all)
        XCTAssertEqual(options.failuresDirectory, "/tmp/somewhere")
        setenv("UNDERSTUDY_RECORD", "0", 1)
        XCTAssertEqual(GoldenOptions().withEnvironment().recordMode, .never)
        for mode in GoldenRecordMode.allCases {
            setenv("UNDERSTUDY_RECORD", mode.rawValue, 1)
            XCTAssertEqual(GoldenOptions().withEnvironment().recordMode, mode)
            // A call's own mode and an enclosing scope's come first.
            XCTAssertEqual(GoldenOptions(recordMode: .failed).withEnvironment().recordMode, .failed)
            withGoldenImageRecording(.never) { XCTAssertEqual(GoldenOptions().withEnvironment().recordMode, .never) }
        }
        unsetenv("UNDERSTUDY_RECORD")
        XCTAssertEqual(GoldenOptions().withEnvironment().recordMode, .missing)
    }

    func test_missingModeRecordsWhatIsMissingAndComparesTheRest() throws {
        let golden = try makeTemporaryDirectory() + "/__Goldens__/T/first.png"
        let image = try Fixture.image("figure-small-a.png")
        let first = compareToGolden(image, golden: golden, options: GoldenOptions(recordMode: .missing))
        XCTAssertEqual(first, .recorded(golden: golden, size: "200×120"))
        XCTAssertTrue(compareToGolden(image, golden: golden, options: GoldenOptions(recordMode: .missing)).passed)
        let other = try Fixture.image("figure-small-shifted.png")
        let changed = compareToGolden(other, golden: golden, options: GoldenOptions(recordMode: .missing, failuresDirectory: golden + ".f"))
        XCTAssertFalse(changed.passed)
        XCTAssertEqual(try RGBAImage(contentsOfPNG: golden), image, "missing mode never overwrites")
    }

    func test_failedModeRewritesOnlyWhatDiffers() throws {
        let golden = try makeTemporaryDirectory() + "/g.png"
        let image = try Fixture.image("figure-small-a.png")
        try image.writePNG(to: golden)
        XCTAssertEqual(compareToGolden(image, golden: golden, options: GoldenOptions(recordMode: .failed)), .identical(golden: golden))
        let other = try Fixture.image("figure-small-shifted.png")
        XCTAssertEqual(compareToGolden(other, golden: golden, options: GoldenOptions(recordMode: .failed, failuresDirectory: golden + ".f")),
                       .recorded(golden: golden, size: "200×120"))
        XCTAssertEqual(try RGBAImage(contentsOfPNG: golden), other)
    }

    func test_toleranceAsAFractionOfThePixels() throws {
        let shifted = try Fixture.image("figure-small-shifted.png")   // 1000 of 24000 pixels differ
        let golden = Fixture.path("figure-small-a.png")
        let loose = GoldenOptions(maxDifferingFraction: 1000.0 / 24000.0)
        XCTAssertEqual(loose.allowedDifferingPixels(totalPixels: 24000), 1000)
        XCTAssertTrue(compareToGolden(shifted, golden: golden, options: loose).passed)
        let tight = GoldenOptions(maxDifferingFraction: 0.04, failuresDirectory: try makeTemporaryDirectory())
        guard case let .differs(_, _, _, _, allowed, _, _) = compareToGolden(shifted, golden: golden, options: tight) else {
            return XCTFail("expected a difference")
        }
        XCTAssertEqual(allowed, 960)
    }

    func test_automaticNamesAreTheTestNameAndACounter() {
        let file: StaticString = "/p/Tests/PlotTests/LineTests.swift"
        XCTAssertEqual(GoldenNames.next(testFile: file, function: "test_auto()"), "/p/Tests/PlotTests/__Goldens__/LineTests/test_auto.1.png")
        XCTAssertEqual(GoldenNames.next(testFile: file, function: "test_auto()"), "/p/Tests/PlotTests/__Goldens__/LineTests/test_auto.2.png")
        XCTAssertEqual(GoldenNames.next(testFile: file, function: "test_other()"), "/p/Tests/PlotTests/__Goldens__/LineTests/test_other.1.png")
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

/// Where failure images go by default for goldens in `goldenDirectory`: one folder per
/// golden folder (per test file), under the temporary directory.
func defaultFailuresDirectory(for goldenDirectory: String) -> String {
    let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    let root = temporary.hasSuffix("/") ? temporary + "understudy-golden-failures" : temporary + "/understudy-golden-failures"
    return root + "/" + URL(fileURLWithPath: goldenDirectory).lastPathComponent
}
