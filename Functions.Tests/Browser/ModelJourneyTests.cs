using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecordingFunctions.Tests.Browser;

/// <summary>Models uploaded and activated in the page are what the watches download.</summary>
[Collection(BrowserTests.Collection)]
public sealed class ModelJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_model_uploaded_in_the_page_is_served_to_watches_and_activating_another_switches_them()
    {
        await using var app = await TestApp.StartAsync();
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "models");
        byte[] first = [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7))];
        byte[] second = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 13))];

        await console.GoToAsync("models");
        await Expect(console.Page.Locator("#models-empty")).ToBeVisibleAsync();
        await FillModelFormAsync(console, "handwash_first.tflite", first, frameSize: 75, ["gyroscope", "accelerometer"]);
        await Expect(console.Page.Locator("#model-sensor-order")).ToHaveTextAsync("gyroscope (4) → accelerometer (1)");
        await console.ScreenshotAsync("models-form");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Upload model" }).ClickAsync();
        var firstRow = console.Page.Locator("#models tbody tr", new() { HasText = "handwash_first.tflite" });
        await Expect(firstRow.Locator(".badge")).ToHaveTextAsync("active");

        await AssertServedAsync(app, "handwash_first.tflite", first, frameSize: 75, [4, 1]);

        await FillModelFormAsync(console, "handwash_second.ort", second, frameSize: 150, ["accelerometer", "gyroscope", "rotation vector"]);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Upload model" }).ClickAsync();
        var secondRow = console.Page.Locator("#models tbody tr", new() { HasText = "handwash_second.ort" });
        await Expect(secondRow).ToBeVisibleAsync();
        await Expect(secondRow.Locator(".badge")).ToHaveCountAsync(0);
        await console.ScreenshotAsync("models");

        // Adding a model does not switch the watches; activating it in the page does.
        await AssertServedAsync(app, "handwash_first.tflite", first, frameSize: 75, [4, 1]);
        await secondRow.GetByRole(AriaRole.Button, new() { Name = "Activate" }).ClickAsync();
        await Expect(secondRow.Locator(".badge")).ToHaveTextAsync("active");
        await AssertServedAsync(app, "handwash_second.ort", second, frameSize: 150, [1, 4, 11]);

        await firstRow.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(firstRow).ToHaveCountAsync(0);
        await console.ScreenshotAsync("models");
        Assert.Contains(console.Dialogs, d => d.StartsWith("confirm:", StringComparison.Ordinal) && d.Contains("handwash_first.tflite", StringComparison.Ordinal));

        // Left alone, the active model can be deleted too, after a warning; the watches then get none.
        await secondRow.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(console.Page.Locator("#models-empty")).ToBeVisibleAsync();
        Assert.Contains(console.Dialogs, d => d.StartsWith("confirm:", StringComparison.Ordinal) && d.Contains("the watches then get no model", StringComparison.Ordinal));
        using var none = await app.Http.GetAsync("tfmodel/check/latest/");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        console.AssertNoProblems();
    }

    [Fact]
    public async Task A_model_the_server_refuses_is_reported_and_not_listed()
    {
        await using var app = await TestApp.StartAsync();
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "model-refused");

        await console.GoToAsync("models");
        await FillModelFormAsync(console, "two.dots.tflite", [1, 2, 3], frameSize: 75, ["accelerometer"]);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Upload model" }).ClickAsync();

        await Expect(console.Page.Locator("#notices .notice.error")).ToContainTextAsync("NAME.tflite");
        await console.ScreenshotAsync("models");
        Assert.Equal(0, (await app.GetJsonAsync("manage/api/models")).GetArrayLength());
        console.AssertNoProblems();
    }

    /// <summary>
    /// The positive-prediction keys are optional, as in the Flask server's settings since May 2021; the model view then
    /// shows the server's notice naming the keys watches built in April 2021 need.
    /// </summary>
    [Fact]
    public async Task A_model_without_the_positive_prediction_keys_is_served_and_its_row_names_what_April_2021_builds_miss()
    {
        await using var app = await TestApp.StartAsync();
        await using var console = await ConsoleSession.OpenAsync(chromium, app, "model-notice");

        await console.GoToAsync("models");
        await FillModelFormAsync(console, "running_mean.tflite", [1, 2, 3], frameSize: 150, ["accelerometer"], positivePrediction: false);
        await console.Page.Locator("#model-mean-threshold").FillAsync("0.6");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Upload model" }).ClickAsync();

        var row = console.Page.Locator("#models tbody tr", new() { HasText = "running_mean.tflite" });
        await Expect(row.Locator(".badge")).ToHaveTextAsync("active");
        var notice = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Single().GetProperty("notice").GetString()!;
        await Expect(row.Locator(".model-notice")).ToHaveTextAsync(notice);
        Assert.Contains("positive_prediction_time, positive_prediction_counter", notice, StringComparison.Ordinal);
        await Expect(row).ToContainTextAsync("frame 150, cool-down 60, mean threshold 0.6, sensors: accelerometer");
        await console.ScreenshotAsync("models-notice");

        using var settings = await app.Http.GetAsync("tfmodel/get/settings/");
        var served = JsonDocument.Parse(await settings.Content.ReadAsStringAsync()).RootElement;
        Assert.False(served.TryGetProperty("positive_prediction_time", out _));
        Assert.Equal(0.6, served.GetProperty("mean_threshold").GetDouble());
        console.AssertNoProblems();
    }

    /// <summary>Fills a model upload form: the library's (ids <c>model-...</c>) or a participant's (<c>participant-model-...</c>).</summary>
    internal static async Task FillModelFormAsync(
        ConsoleSession console, string fileName, byte[] content, int frameSize, string[] sensorsInOrder, bool positivePrediction = true, string form = "model")
    {
        var page = console.Page;
        await page.Locator($"#{form}-file").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "application/octet-stream", Buffer = content });
        await page.Locator($"#{form}-frame-size").FillAsync(frameSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (positivePrediction)
        {
            await page.Locator($"#{form}-prediction-time").FillAsync("10");
            await page.Locator($"#{form}-prediction-counter").FillAsync("3");
        }

        await page.Locator($"#{form}-cool-down").FillAsync("60");
        foreach (var sensor in sensorsInOrder)
        {
            await page.Locator($"#{form}-sensors label", new() { HasText = sensor }).Locator("input").CheckAsync();
        }
    }

    private static async Task AssertServedAsync(TestApp app, string fileName, byte[] content, int frameSize, int[] sensors)
    {
        using var model = await app.Http.GetAsync("tfmodel/get/latest/");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal($"attachment; filename={fileName}", string.Join(",", model.Content.Headers.GetValues("Content-Disposition")));
        Assert.Equal(content, await model.Content.ReadAsByteArrayAsync());

        using var settings = await app.Http.GetAsync("tfmodel/get/settings/");
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        var json = JsonDocument.Parse(await settings.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(frameSize, json.GetProperty("frame_size").GetInt32());
        Assert.Equal(10, json.GetProperty("positive_prediction_time").GetInt32());
        Assert.Equal(3, json.GetProperty("positive_prediction_counter").GetInt32());
        Assert.Equal(60, json.GetProperty("notification_cool_down").GetInt32());
        Assert.Equal(sensors, json.GetProperty("required_sensors").EnumerateArray().Select(s => s.GetInt32()));
    }
}
