class Js:
    def __init__(self, typescript=False):
        self.name = "js" + str(typescript)

    def options(self, cat):
        return None
