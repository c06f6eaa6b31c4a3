namespace RecordingFunctions.Migration;

/// <summary>
/// Files the Flask server wrote into a set's folder itself, derived from the watch's files, which are not recordings:
/// its zip of the set (<c>&lt;uuid&gt;.zip</c>, from May 2021 <c>.&lt;uuid&gt;.zip</c>), the NumPy arrays behind its plots
/// and datasets (<c>sensor_data.npy</c>, <c>data_array_*.npy</c>, ...), its plots (<c>data_plot.png</c>,
/// <c>data_plot.svg</c>, <c>evaluation_graph.png</c>) and its single-file datasets (<c>complete_dataset.zip</c>,
/// <c>complete_dataset_labeled.zip</c>). No watch sends such a name.
/// </summary>
public static class FlaskGeneratedFiles
{
    /// <returns>Why the file is not a recording, or null when it is one of the watch's files.</returns>
    public static string? Reason(string fileName, string setFolder)
    {
        if (fileName.Equals(setFolder + ".zip", StringComparison.OrdinalIgnoreCase) || fileName.Equals($".{setFolder}.zip", StringComparison.OrdinalIgnoreCase))
        {
            return "the Flask server's own zip of the set (the archive is rebuilt)";
        }

        if (fileName.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            return "a NumPy array the Flask server computed from the set for its plots and datasets";
        }

        if (fileName.StartsWith("data_plot.", StringComparison.Ordinal) || fileName == "evaluation_graph.png")
        {
            return "a plot the Flask server drew from the set";
        }

        if (fileName.StartsWith("complete_dataset", StringComparison.Ordinal) && fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return "the Flask server's single-file dataset computed from the set's files";
        }

        return null;
    }
}
