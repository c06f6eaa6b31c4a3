using RecordingFunctions.Migrate;

return await MigrationCommand.RunAsync(args, null, Console.Out, CancellationToken.None);
