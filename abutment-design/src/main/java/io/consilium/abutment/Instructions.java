package io.consilium.abutment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Free-text clinical instructions split into clauses and scoped to sites: a clause that names teeth ("correct the
 * angulation of 36") applies to those teeth only, any other clause to every site. Besides the tokens the network
 * reads, the explicit statements that constraints depend on (retention, a requested abutment material) are read
 * here, and contradictions are reported rather than resolved silently.
 */
final class Instructions {

    enum Retention { SCREW, CEMENT, UNSTATED }

    private static final Pattern CLAUSES = Pattern.compile("[;,\\n]|\\.(?=\\s|$)|\\band\\b");

    private record Clause(List<String> words, Set<Integer> teeth) {
    }

    /** What the instructions say for one site. */
    record Scoped(List<String> tokens, Retention retention, Optional<AbutmentMaterial> material, List<String> warnings) {
    }

    private final String text;
    private final List<Clause> clauses = new ArrayList<>();

    Instructions(String text) {
        this.text = text == null ? "" : text;
        for (String raw : CLAUSES.split(this.text)) {
            List<String> words = Tokenizer.words(raw);
            if (words.isEmpty()) {
                continue;
            }
            Set<Integer> teeth = new LinkedHashSet<>();
            for (String w : words) {
                if (Tokenizer.isToothNumber(w)) {
                    teeth.add(Integer.parseInt(w));
                }
            }
            clauses.add(new Clause(words, teeth));
        }
    }

    boolean isBlank() {
        return clauses.isEmpty();
    }

    /** Teeth named in the text, to warn about those without an implant in the case. */
    Set<Integer> mentionedTeeth() {
        Set<Integer> all = new LinkedHashSet<>();
        clauses.forEach(c -> all.addAll(c.teeth()));
        return all;
    }

    Scoped forSite(int tooth) {
        List<String> tokens = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Clause clause : clauses) {
            if (!clause.teeth().isEmpty() && !clause.teeth().contains(tooth)) {
                continue;
            }
            if (!tokens.isEmpty()) {
                tokens.add(Tokenizer.CLAUSE_BREAK);
            }
            for (String w : clause.words()) {
                if (Tokenizer.isToothNumber(w)) {
                    if (Integer.parseInt(w) == tooth) {
                        tokens.add(Tokenizer.TOOTH);
                    }
                } else {
                    tokens.add(Tokenizer.token(w));
                }
            }
        }
        String joined = " " + String.join(" ", tokens) + " ";
        boolean screw = joined.contains(" screw retained ");
        boolean cement = joined.contains(" cement retained ") || joined.contains(" cemented ");
        Retention retention = Retention.UNSTATED;
        if (screw && cement) {
            warnings.add("tooth " + tooth + ": instructions ask for both screw and cement retention; "
                    + "the stricter cement-retained margin limits apply");
            retention = Retention.CEMENT;
        } else if (screw) {
            retention = Retention.SCREW;
        } else if (cement) {
            retention = Retention.CEMENT;
        }
        boolean deeper = joined.contains(" deeper margin ") || joined.contains(" subgingival ");
        boolean shallower = joined.contains(" shallow margin ") || joined.contains(" equigingival ")
                || joined.contains(" supragingival ");
        if (deeper && shallower) {
            warnings.add("tooth " + tooth + ": instructions ask for a margin both deeper/subgingival and "
                    + "shallow/at or above the gingiva; check the proposed margin heights");
        }
        Set<AbutmentMaterial> materials = EnumSet.noneOf(AbutmentMaterial.class);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean crown = i + 1 < tokens.size() && tokens.get(i + 1).equals("crown");
            if (crown) {
                continue;
            }
            switch (t) {
                case "zirconia" -> materials.add(AbutmentMaterial.ZIRCONIA);
                case "titanium" -> materials.add(AbutmentMaterial.TITANIUM);
                case "peek" -> materials.add(AbutmentMaterial.PEEK);
                case "emax", "disilicate" -> materials.add(AbutmentMaterial.LITHIUM_DISILICATE);
                default -> { }
            }
        }
        Optional<AbutmentMaterial> material = Optional.empty();
        if (materials.size() > 1) {
            warnings.add("tooth " + tooth + ": instructions name several abutment materials " + materials
                    + "; the model's material is proposed, please confirm");
        } else if (materials.size() == 1) {
            material = Optional.of(materials.iterator().next());
        }
        return new Scoped(List.copyOf(tokens), retention, material, warnings);
    }

    String text() {
        return text;
    }
}
