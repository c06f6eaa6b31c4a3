namespace RecordingFunctions.Storage;

/// <summary>
/// Marks a set whose files did not all come from the device it was issued to. Nothing is refused for it (a watch
/// whose wearer paired again keeps uploading its old sets with its new token); the study team is told instead.
/// Files copied in from the Flask server count for no device: it issued its own uuids and recorded no devices.
/// A mark keeps the time it was first made while it holds, so that it is audited once even when the device's first
/// file is sent again or deleted.
/// </summary>
public static class SetDeviceMarks
{
    public const string NotIssued = "not-issued";
    public const string OtherDevice = "other-device";

    /// <param name="issuedTo">The device <c>GET recording/new/</c> issued the set to (<c>shared-secret</c> for legacy watches), or null when it was not issued here.</param>
    /// <param name="issuedName">That device's identifier.</param>
    /// <param name="uploaders">Every device that sent files into the set, with the time of its first file.</param>
    /// <param name="hasImportedFiles">Whether files came from the Flask server, which issued the uuid: then it is no stranger here.</param>
    /// <param name="earlier">The marks the set had before, whose times are kept.</param>
    public static IReadOnlyList<DeviceMark> For(
        string? issuedTo, string? issuedName, IEnumerable<SetUploader> uploaders, bool hasImportedFiles, IReadOnlyList<DeviceMark> earlier)
    {
        var devices = uploaders.Where(u => u.DeviceId != RecordingBlobMetadata.ImportedDevice).OrderBy(u => u.FirstUpload).ToList();
        if (devices.Count == 0)
        {
            return [];
        }

        var marks = new List<DeviceMark>();
        var owner = issuedTo ?? devices[0].DeviceId;
        if (issuedTo is null && !hasImportedFiles)
        {
            marks.Add(new DeviceMark(
                NotIssued, devices[0].DeviceId, devices[0].Identifier, Since(NotIssued, devices[0], earlier), $"not issued by this server; files from {devices[0].Identifier}"));
        }

        foreach (var other in devices.Where(u => u.DeviceId != owner))
        {
            marks.Add(new DeviceMark(
                OtherDevice,
                other.DeviceId,
                other.Identifier,
                Since(OtherDevice, other, earlier),
                other.Identifier == issuedName
                    ? $"files from {other.Identifier} paired anew (not the pairing the set was issued to)"
                    : $"files from another device: {other.Identifier}"));
        }

        return marks;
    }

    private static DateTimeOffset Since(string kind, SetUploader device, IReadOnlyList<DeviceMark> earlier) =>
        earlier.FirstOrDefault(m => m.Kind == kind && m.DeviceId == device.DeviceId)?.Since ?? device.FirstUpload;
}

/// <summary>A device that sent files into a set, and when its first one arrived.</summary>
public sealed record SetUploader(string DeviceId, string Identifier, DateTimeOffset FirstUpload);

/// <summary>
/// What is unexpected about one device's files in a set, shown as <see cref="Text"/>; <see cref="Since"/> is when its
/// first file had arrived when the mark was made, kept from then on, so the mark (and its audit entry) is the same
/// however often the set is refreshed.
/// </summary>
public sealed record DeviceMark(string Kind, string DeviceId, string Device, DateTimeOffset Since, string Text);
