<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DoneNotice</name>
    <message numerus="yes">
        <source>%n image(s) ready</source>
        <translation>
            <numerusform>%n image ready</numerusform>
            <numerusform>%n images ready</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Remove %n job(s)?</source>
        <translation>
            <numerusform>Remove %n job?</numerusform>
            <numerusform>Remove %n jobs?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) go to the trash.</source>
        <translation>
            <numerusform>%n image goes to the trash.</numerusform>
            <numerusform>%n images go to the trash.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n image(s) to {folder}</source>
        <translation>
            <numerusform>Saved %n image to {folder}</numerusform>
            <numerusform>Saved %n images to {folder}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are still running. Quit anyway? They continue the next time you open {app}.</source>
        <translation>
            <numerusform>%n job is still running. Quit anyway? It continues the next time you open {app}.</numerusform>
            <numerusform>%n jobs are still running. Quit anyway? They continue the next time you open {app}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paid image(s) could not be saved because the disk is full and are held only in memory. Quitting now loses them. Free some disk space and they are saved on their own.</source>
        <translation>
            <numerusform>%n paid image could not be saved because the disk is full and is held only in memory. Quitting now loses it. Free some disk space and it is saved on its own.</numerusform>
            <numerusform>%n paid images could not be saved because the disk is full and are held only in memory. Quitting now loses them. Free some disk space and they are saved on their own.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit and lose %n image(s)</source>
        <translation>
            <numerusform>Quit and lose %n image</numerusform>
            <numerusform>Quit and lose %n images</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReuseController</name>
    <message numerus="yes">
        <source>The original also used %n reference image(s); add them again to repeat it.</source>
        <translation>
            <numerusform>The original also used %n reference image; add it again to repeat it.</numerusform>
            <numerusform>The original also used %n reference images; add them again to repeat it.</numerusform>
        </translation>
    </message>
</context>
</TS>
