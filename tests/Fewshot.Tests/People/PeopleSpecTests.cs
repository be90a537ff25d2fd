using System.Text.Json;
using System.Text.Json.Nodes;
using Fewshot.Export;
using Fewshot.Faces;
using Fewshot.People;

namespace Fewshot.Tests.People;

public class PeopleSpecTests
{
    const string Required = "\"features\": \"face\", \"noFace\": \"whole\", \"margin\": 0.1, \"dimension\": 128, \"gallerySize\": 0";

    [Theory]
    [InlineData("", FaceAlignment.Detector)]
    [InlineData(", \"align\": true", FaceAlignment.Landmarks)]
    [InlineData(", \"align\": true, \"rotate\": false", FaceAlignment.Landmarks)]
    [InlineData(", \"alignment\": \"chip\"", FaceAlignment.Chip)]
    [InlineData(", \"align\": true, \"alignment\": \"detector\"", FaceAlignment.Detector)]
    public void Files_of_every_age_cut_faces_out_as_they_were_trained(string fields, FaceAlignment expected)
    {
        var spec = PeopleSpecFormat.Read(JsonNode.Parse("{" + Required + fields + "}")!.AsObject(), PeopleSpec.FormatVersion, "model.fewshot");

        Assert.Equal(expected, spec.Alignment);
    }

    [Fact]
    public void New_files_name_the_alignment_once_and_keep_the_old_fields_out()
    {
        var spec = PeopleSpecFormat.Read(JsonNode.Parse("{" + Required + ", \"alignment\": \"chip\"}")!.AsObject(), PeopleSpec.FormatVersion,
            "model.fewshot");

        var json = JsonSerializer.Serialize(PeopleSpecFormat.Write(spec), ModelFile.Json);

        Assert.Contains("\"alignment\": \"chip\"", json);
        Assert.DoesNotContain("\"align\"", json);
        Assert.DoesNotContain("\"rotate\"", json);
        Assert.DoesNotContain("effectiveAlignment", json);
    }
}
