import DrivingLoopExample
import Foundation
import Testing
import UnderstudyGoldenImageSwiftTesting
import UnderstudyImitation

/// The lecture's claim, from a user's package: BC leaves the road, DAgger stays on it.
@Test func dagger_staysOnTheRoad_whereBehaviouralCloningLeavesIt() throws {
    let bc = try DrivingStudy.run("BC", settings: .behaviouralCloning())
    let dagger = try DrivingStudy.run("DAgger", settings: .dagger(iterations: 4))
    #expect(bc.onRoadFraction < 1)
    #expect(dagger.onRoadFraction > bc.onRoadFraction)
    #expect(dagger.expertLabels > bc.expertLabels)
}

/// The student's path as a golden image: the first run records
/// `__Goldens__/DrivingStudyTests/daggerPath_matchesItsGolden.1.png` (and fails with
/// "recorded"), later runs compare. `EXAMPLE_DAMAGE=1` paints one region, as a regression
/// would, to check that the failure names the actual, expected and diff images.
@Test func daggerPath_matchesItsGolden() throws {
    let dagger = try DrivingStudy.run("DAgger", settings: .dagger(iterations: 4))
    var image = DrivingStudy.picture(of: dagger.path)
    if ProcessInfo.processInfo.environment["EXAMPLE_DAMAGE"] == "1" {
        for y in 10..<20 { for x in 10..<20 { image[x, y] = RGBA(255, 0, 0, 255) } }
    }
    expectImageMatches(image)
}
