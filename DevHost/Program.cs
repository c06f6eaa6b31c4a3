using RecordingFunctions.DevHost;

var app = DevHostApp.Create(args);
app.Logger.LogInformation("RecordingFunctions development host (Core Tools not used): serving the function classes on {Urls}",
    string.Join(", ", app.Urls.DefaultIfEmpty("the configured URLs")));
app.Run();
